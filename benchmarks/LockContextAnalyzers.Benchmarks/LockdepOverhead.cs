using System.Diagnostics;
using LockContext;
using static LockContext.Kernel;

namespace LockContextAnalyzers.Benchmarks
{
    /// <summary>
    /// The run-time validator's cost per acquisition and release: off (the model's own work plus one
    /// flag check) and on (a stack trace per acquisition, marks and dependencies checked).
    /// </summary>
    internal static class LockdepOverhead
    {
        private static readonly Spinlock Outer = new Spinlock();
        private static readonly Spinlock Inner = new Spinlock();

        // Two acquisitions and two releases, one of them a _bh pair, one lock nested in the other.
        private static void Pair()
        {
            SpinLockBh(Outer);
            SpinLock(Inner);
            SpinUnlock(Inner);
            SpinUnlockBh(Outer);
        }

        public static void Run()
        {
            const int pairs = 400_000;
            for (int round = 1; round <= 3; round++)
            {
                Lockdep.Disable();
                double off = NsPerAcquisition(pairs);
                Lockdep.Reset();
                Lockdep.Enable(LockdepSink.Collect());
                long before = GC.GetAllocatedBytesForCurrentThread();
                double on = NsPerAcquisition(pairs / 40);
                long allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / (2 * (pairs / 40));
                Lockdep.Disable();
                Console.WriteLine($"round {round}: per acquisition with its release: off {off:F0} ns, on {on:F0} ns ({allocated} bytes allocated)");
            }
        }

        private static double NsPerAcquisition(int n)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) Pair();
            return sw.Elapsed.TotalMilliseconds * 1e6 / (2.0 * n);
        }
    }
}
