using System;
using System.Linq;
using Xunit;
using static LockContext.Kernel;

namespace LockContext.Tests
{
    /// <summary>
    /// The run-time side of waits for callbacks: a timer's or work's map is held while its callback
    /// runs and taken by <c>DelTimerSync</c>/<c>FlushWork</c>, so the validator reports what the
    /// analyzer does (LCA0004 through "(timer) Dev.watchdog"), in lockdep's order: the edge that
    /// closes the cycle is the one reported.
    /// </summary>
    [Collection("Lockdep")]
    public sealed class WaitForCallbackTests : ValidatorTestBase
    {
        private sealed class Dev
        {
            public readonly Spinlock Lk = new Spinlock();
            public readonly KernelMutex Cfg = new KernelMutex();
            public readonly TimerList Watchdog = new TimerList();
            public readonly WorkStruct Reset = new WorkStruct();
        }

        [Fact]
        public void DelTimerSyncUnderTheLockTheCallbackTook_ClosesACycleThroughTheTimersMap()
        {
            var dev = new Dev();
            TimerSetup(dev.Watchdog, t => { SpinLock(dev.Lk); SpinUnlock(dev.Lk); });
            ModTimer(dev.Watchdog, Jiffies);
            while (dev.Watchdog.IsPending) System.Threading.Thread.Sleep(1);
            DelTimerSync(dev.Watchdog);                      // the callback has run: (timer) -> Lk
            Assert.Empty(sink.Reports);
            SpinLockBh(dev.Lk);
            DelTimerSync(dev.Watchdog);                      // Lk -> (timer) closes it
            SpinUnlockBh(dev.Lk);
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0004", r.RuleId);
            Assert.Equal("(timer) Dev.Watchdog", r.LockClass);
            Assert.Contains("'Dev.Lk'", r.Message);
        }

        [Fact]
        public void FlushWorkUnderTheMutexTheWorkTook_ClosesACycleThroughTheWorksMap()
        {
            var dev = new Dev();
            InitWork(dev.Reset, w => { MutexLock(dev.Cfg); MutexUnlock(dev.Cfg); });
            QueueWork(dev.Reset);
            FlushWork(dev.Reset);
            Assert.Empty(sink.Reports);
            MutexLock(dev.Cfg);
            FlushWork(dev.Reset);
            MutexUnlock(dev.Cfg);
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0004", r.RuleId);
            Assert.Equal("(work_completion) Dev.Reset", r.LockClass);
        }

        /// <summary>The wait after the unlock; and the map itself gives no usage mark, though the callback runs in softirq.</summary>
        [Fact]
        public void AWaitWithNothingTheCallbackTakesHeld_IsSilent()
        {
            var dev = new Dev();
            TimerSetup(dev.Watchdog, t => { SpinLock(dev.Lk); SpinUnlock(dev.Lk); });
            ModTimer(dev.Watchdog, Jiffies);
            while (dev.Watchdog.IsPending) System.Threading.Thread.Sleep(1);
            SpinLockBh(dev.Lk); SpinUnlockBh(dev.Lk);
            DelTimerSync(dev.Watchdog);
            DelTimerSync(dev.Watchdog);
            Assert.Empty(sink.Reports);
            Assert.Empty(TakeOopses());
        }
    }
}
