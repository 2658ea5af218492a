namespace LockContextAnalyzers.Benchmarks;

/// <summary>
/// The largest GC heap seen while some work runs, garbage included (what the process must hold),
/// sampled every few milliseconds on another thread, above a baseline taken after a full collection.
/// </summary>
public sealed class HeapPeak : IDisposable
{
    private readonly long baseline;
    private long peak;
    private volatile bool done;
    private readonly Thread sampler;

    public HeapPeak()
    {
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        baseline = GC.GetTotalMemory(true);
        peak = baseline;
        sampler = new Thread(() =>
        {
            while (!done)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                Thread.Sleep(5);
            }
        }) { IsBackground = true };
        sampler.Start();
    }

    /// <summary>Peak growth above the baseline, in MB.</summary>
    public double PeakMb => (Math.Max(peak, GC.GetTotalMemory(false)) - baseline) / 1e6;

    /// <summary>What is still reachable above the baseline after a full collection, in MB.</summary>
    public double RetainedMb
    {
        get
        {
            GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
            return (GC.GetTotalMemory(true) - baseline) / 1e6;
        }
    }

    public void Dispose()
    {
        done = true;
        sampler.Join();
    }
}
