using System;
using System.Threading;
using LockContextAnalyzers.Interprocedural;
using Xunit;

namespace LockContextAnalyzers.Tests.Incremental
{
    /// <summary>
    /// The pass the walk runs beside the others (<see cref="Beside{T}"/>): done once, by whichever
    /// thread begins it first, and never waited for while it is only queued.
    /// </summary>
    public class BesideTests
    {
        [Fact]
        public void WorkNoThreadBegan_IsDoneByTheCaller()
        {
            // A token cancelled before the pool can start it: the task never runs the work, as
            // when every pool thread is busy; the caller must not wait for it.
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            int caller = Environment.CurrentManagedThreadId;
            var beside = new Beside<string>(() => $"on {Environment.CurrentManagedThreadId}", cancelled.Token);
            Assert.Equal($"on {caller}", beside.Result());
        }

        [Fact]
        public void TheWork_RunsOnceWhicheverThreadTakesIt()
        {
            for (int round = 0; round < 100; round++)
            {
                int runs = 0;
                var made = new object();
                var beside = new Beside<object>(() => { Interlocked.Increment(ref runs); return made; }, default);
                if (round % 2 == 0) Thread.SpinWait(round * 100); // sometimes the pool has begun it, sometimes not
                Assert.Same(made, beside.Result());
                Thread.Sleep(round % 10 == 0 ? 5 : 0); // let a pool thread that comes late find it taken
                Assert.Equal(1, Volatile.Read(ref runs));
            }
        }

        [Fact]
        public void OnceTaken_NothingOfTheWorkIsHeld()
        {
            // A task still queued when the caller took the work back holds the Beside until a pool
            // thread gets to it; the work's closure (in the analysis, the whole compilation) must not
            // be held with it.
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            var (beside, captured) = Make(cancelled.Token);
            beside.Result();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.False(captured.TryGetTarget(out _), "the work's closure is still held after the caller took it");
            GC.KeepAlive(beside);
        }

        // Apart, so that no local of the test's own frame keeps the captured object.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static (Beside<string> Beside, WeakReference<object> Captured) Make(CancellationToken ct)
        {
            var big = new byte[1 << 20];
            return (new Beside<string>(() => big.Length.ToString(), ct), new WeakReference<object>(big));
        }

        [Fact]
        public void AFailure_ReachesTheCallerAsItself()
        {
            for (int round = 0; round < 50; round++)
            {
                var beside = new Beside<object>(() => throw new InvalidOperationException("pass failed"), default);
                if (round % 2 == 0) Thread.Sleep(1);
                var e = Assert.Throws<InvalidOperationException>(() => beside.Result());
                Assert.Equal("pass failed", e.Message);
            }
        }
    }
}
