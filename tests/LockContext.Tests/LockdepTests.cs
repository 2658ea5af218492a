using System;
using System.Linq;
using Xunit;
using static LockContext.Kernel;

namespace LockContext.Tests
{
    /// <summary>The validator is process-wide: these tests run alone, each from a reset graph.</summary>
    [CollectionDefinition("Lockdep", DisableParallelization = true)]
    public sealed class LockdepCollection { }

    /// <summary>The run-time validator judges running code by the analyzer's rules, with its IDs and words.</summary>
    [Collection("Lockdep")]
    public sealed class LockdepTests : ValidatorTestBase
    {
        private static class Net
        {
            public static readonly Spinlock StatsLock = new Spinlock();
            public static readonly Spinlock QueueLock = new Spinlock();
            public static readonly Rwlock TableLock = new Rwlock();
            public static readonly KernelMutex ConfigMutex = new KernelMutex();
            [LockClass("dev_lock")] public static readonly Spinlock DevLock = new Spinlock();
        }

        private sealed class Conn
        {
            public readonly Spinlock StateLock = new Spinlock();
        }

        internal static void InTasklet(Action body)
        {
            var t = new Tasklet();
            bool done = false;
            TaskletSetup(t, _ => { try { body(); } finally { done = true; } });
            TaskletSchedule(t);
            Wait.For(() => done ? "" : null);
        }

        private static int irqLine = 300;

        internal static void InHardirq(Func<int, object?, IrqReturn> handler)
        {
            int line = ++irqLine;
            RequestIrq(line, handler, "test", null);
            try { RaiseIrq(line); } finally { FreeIrq(line, null); }
        }

        private static void TakeStats() { SpinLock(Net.StatsLock); SpinUnlock(Net.StatsLock); }

        [Fact]
        public void SoftirqUnsafe_ReportsLca0001_WithBothStacks()
        {
            TakeStats();
            InTasklet(TakeStats);
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0001", r.RuleId);
            Assert.Equal("Net.StatsLock", r.LockClass);
            Assert.StartsWith("Lock 'Net.StatsLock' is taken with softirqs enabled in 'TakeStats' at LockdepTests.cs:", r.Message);
            Assert.Contains("(via SoftirqUnsafe_ReportsLca0001_WithBothStacks -> TakeStats; process context)", r.Message);
            Assert.Contains("and is also taken in softirq context in 'TakeStats' at LockdepTests.cs:", r.Message);
            Assert.Contains("(via lambda in InTasklet -> TakeStats; tasklet)", r.Message);
            Assert.EndsWith("a softirq that interrupts the holder on this CPU spins on it forever", r.Message);
            Assert.Contains("<Interrupt>\n    lock(Net.StatsLock);", r.Scenario);
            Assert.Contains("InTasklet", r.CurrentStack);
            Assert.Equal("the acquisition that set SOFTIRQ-ON", r.OtherTitle);
            Assert.Contains("SoftirqUnsafe_ReportsLca0001_WithBothStacks", r.OtherStack);
            // The same sides as data: the ON side (where the analyzer warns) and the softirq side.
            Assert.Equal(("LockdepTests.cs", "TakeStats", false), (r.Site!.File, r.Site.Method, r.SiteIsReenable));
            Assert.Contains($"enabled in 'TakeStats' at {r.Site} (via SoftirqUnsafe_ReportsLca0001_WithBothStacks", r.Message);
            Assert.Contains($"softirq context in 'TakeStats' at {r.OtherSite} (via lambda in InTasklet", r.Message);
            Assert.Null(r.OtherLockClass);
        }

        [Fact]
        public void BhVariant_OrBhDisabled_IsSilent()
        {
            SpinLockBh(Net.StatsLock); SpinUnlockBh(Net.StatsLock);
            LocalBhDisable(); TakeStats(); LocalBhEnable();
            InTasklet(TakeStats);
            Assert.Empty(sink.Reports);
        }

        [Fact]
        public void LockHeld_WhenBhComesBackOn_IsSoftirqOn()
        {
            LocalBhDisable();
            SpinLock(Net.QueueLock);
            LocalBhEnable();
            SpinUnlock(Net.QueueLock);
            InTasklet(() => { SpinLock(Net.QueueLock); SpinUnlock(Net.QueueLock); });
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0001", r.RuleId);
            Assert.StartsWith("Lock 'Net.QueueLock' is held when LocalBhEnable turns softirqs back on in 'LockHeld_WhenBhComesBackOn_IsSoftirqOn'", r.Message);
        }

        [Fact]
        public void ReadersInSoftirq_AndReadersWithBhOn_DoNotConflict_ButAWriterDoes()
        {
            ReadLock(Net.TableLock); ReadUnlock(Net.TableLock);
            InTasklet(() => { ReadLock(Net.TableLock); ReadUnlock(Net.TableLock); });
            Assert.Empty(sink.Reports);
            WriteLock(Net.TableLock); WriteUnlock(Net.TableLock);
            Assert.Equal("LCA0001", Assert.Single(sink.Reports).RuleId);
        }

        [Fact]
        public void TrylockInSoftirq_DoesNotMakeTheClassIrqSafe()
        {
            TakeStats();
            InTasklet(() => { if (SpinTrylock(Net.StatsLock)) SpinUnlock(Net.StatsLock); });
            Assert.Empty(sink.Reports);
        }

        [Fact]
        public void HardirqUnsafe_ReportsLca0002_NotLca0001()
        {
            TakeStats();
            InTasklet(TakeStats);
            InHardirq((i, d) => { TakeStats(); return IrqReturn.Handled; });
            Assert.Equal(new[] { "LCA0001", "LCA0002" }, sink.Reports.Select(r => r.RuleId));
            var r = sink.Reports[1];
            Assert.Contains("is taken with hardirqs enabled", r.Message);
            Assert.Contains("and is also taken in hardirq context in 'TakeStats'", r.Message);
            Assert.Contains("interrupt handler)", r.Message);
            Assert.Equal("the acquisition that set HARDIRQ-ON", r.OtherTitle);
        }

        [Fact]
        public void BothIrqUses_ReportOnlyLca0002_ForASiteWithIrqsOn()
        {
            InHardirq((i, d) => { TakeStats(); return IrqReturn.Handled; });
            InTasklet(() => { var f = SpinLockIrqSave(Net.StatsLock); SpinUnlockIrqRestore(Net.StatsLock, f); });
            TakeStats();
            Assert.Equal("LCA0002", Assert.Single(sink.Reports).RuleId);
        }

        [Fact]
        public void IrqSave_EverywhereElse_IsSilent()
        {
            var f = SpinLockIrqSave(Net.StatsLock); SpinUnlockIrqRestore(Net.StatsLock, f);
            InHardirq((i, d) => { TakeStats(); return IrqReturn.Handled; });
            Assert.Empty(sink.Reports);
        }

        [Fact]
        public void BhVariantInHardirq_ReportsLca0003_AtTheAcquisition()
        {
            Assert.Throws<KernelBugException>(() =>
                InHardirq((i, d) => { SpinLockBh(Net.DevLock); SpinUnlockBh(Net.DevLock); return IrqReturn.Handled; }));
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0003", r.RuleId);
            Assert.StartsWith("SpinLockBh of lock 'dev_lock' runs in hardirq context in 'lambda in BhVariantInHardirq_ReportsLca0003_AtTheAcquisition'", r.Message);
            // The oops dropped the lock: the model goes on.
            SpinLock(Net.DevLock); SpinUnlock(Net.DevLock);
        }

        [Fact]
        public void LocalBhEnable_WithIrqsOff_ReportsLca0003()
        {
            var flags = LocalIrqSave();
            LocalBhDisable();
            LocalBhEnable();   // reported; the model goes on, as the kernel does after its WARN
            LocalIrqRestore(flags);
            Assert.StartsWith("LocalBhEnable runs with hardirqs disabled in ", Assert.Single(sink.Reports).Message);
        }

        [Fact]
        public void OppositeOrders_ReportLca0004_OnceAndAcrossCalls()
        {
            SpinLock(Net.StatsLock); TakeQueue(); SpinUnlock(Net.StatsLock);
            SpinLock(Net.QueueLock); TakeStats(); SpinUnlock(Net.QueueLock);
            SpinLock(Net.QueueLock); TakeStats(); SpinUnlock(Net.QueueLock);
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0004", r.RuleId);
            Assert.StartsWith("Lock 'Net.StatsLock' is taken while 'Net.QueueLock' is held in 'TakeStats'", r.Message);
            Assert.Contains("but the opposite order exists too: 'Net.QueueLock' is taken while 'Net.StatsLock' is held in 'TakeQueue'", r.Message);
            Assert.Contains("CPU0                    CPU1", r.Scenario);
            Assert.Contains("TakeQueue", r.OtherStack);
            Assert.Equal(("Net.StatsLock", "Net.QueueLock"), (r.LockClass, r.OtherLockClass));
            Assert.Equal(("TakeStats", "TakeQueue"), (r.Site!.Method, r.OtherSite!.Method));
            Assert.Contains($"is held in 'TakeQueue' at {r.OtherSite} (", r.Message);
        }

        private static void TakeQueue() { SpinLock(Net.QueueLock); SpinUnlock(Net.QueueLock); }

        [Fact]
        public void SameOrderAlways_OrReadersOnly_IsSilent()
        {
            SpinLock(Net.StatsLock); TakeQueue(); SpinUnlock(Net.StatsLock);
            SpinLock(Net.StatsLock); TakeQueue(); SpinUnlock(Net.StatsLock);
            ReadLock(Net.TableLock); TakeStats(); ReadUnlock(Net.TableLock);
            Assert.Empty(sink.Reports);
        }

        [Fact]
        public void IrqSafeHeld_WhileIrqUnsafeTaken_ReportsLca0005()
        {
            InTasklet(TakeStats);                                         // StatsLock: softirq-safe
            TakeQueue();                                                  // QueueLock: taken with softirqs on
            SpinLockBh(Net.StatsLock); TakeQueue(); SpinUnlockBh(Net.StatsLock);
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0005", r.RuleId);
            Assert.StartsWith("Lock 'Net.QueueLock' is taken while 'Net.StatsLock' is held in 'TakeQueue'", r.Message);
            Assert.Contains("'Net.StatsLock' is used in softirq context", r.Message);
            Assert.Contains("local_bh_disable();", r.Scenario);
            Assert.Equal(("Net.QueueLock", "Net.StatsLock"), (r.LockClass, r.OtherLockClass));
            Assert.Contains($"taken with softirqs enabled ('TakeQueue' at {r.OtherSite} (via IrqSafeHeld_WhileIrqUnsafeTaken_ReportsLca0005", r.Message);
        }

        [Fact]
        public void ReaderUnderIrqSafeLock_ReadOnlyWhereSoftirqsOn_IsNotLca0005()
        {
            InTasklet(TakeStats);
            ReadLock(Net.TableLock); ReadUnlock(Net.TableLock);
            SpinLockBh(Net.StatsLock); ReadLock(Net.TableLock); ReadUnlock(Net.TableLock); SpinUnlockBh(Net.StatsLock);
            Assert.Empty(sink.Reports);
            WriteLock(Net.TableLock); WriteUnlock(Net.TableLock);
            Assert.Equal("LCA0005", Assert.Single(sink.Reports).RuleId);
        }

        [Fact]
        public void InnerOnlyReadInSoftirq_WrittenUnderIrqSafeLock_IsLca0005()
        {
            InTasklet(() => { TakeStats(); ReadLock(Net.TableLock); ReadUnlock(Net.TableLock); });
            ReadLock(Net.TableLock); ReadUnlock(Net.TableLock);
            SpinLockBh(Net.StatsLock); WriteLock(Net.TableLock); WriteUnlock(Net.TableLock); SpinUnlockBh(Net.StatsLock);
            Assert.Equal("LCA0005", Assert.Single(sink.Reports).RuleId);
        }

        [Fact]
        public void TwoInstancesOfOneClass_ReportLca0006()
        {
            var a = new Conn();
            var b = new Conn();
            SpinLock(a.StateLock);
            SpinLock(b.StateLock);
            SpinUnlock(b.StateLock);
            SpinUnlock(a.StateLock);
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0006", r.RuleId);
            Assert.StartsWith("Lock 'Conn.StateLock' is taken in 'TwoInstancesOfOneClass_ReportLca0006' at LockdepTests.cs:", r.Message);
            Assert.Contains("lock(Conn.StateLock);\n  lock(Conn.StateLock);", r.Scenario);
        }

        [Fact]
        public void SameMutexTwice_ReportsLca0006_BeforeTheModelsBug()
        {
            MutexLock(Net.ConfigMutex);
            Assert.Throws<KernelBugException>(() => MutexLock(Net.ConfigMutex));
            MutexUnlock(Net.ConfigMutex);
            Assert.Equal("LCA0006", Assert.Single(sink.Reports).RuleId);
        }

        [Fact]
        public void SleepUnderSpinlock_ReportsLca0007_WithTheHoldersStack()
        {
            SpinLock(Net.StatsLock);
            Msleep(1);   // reported; the model goes on, as the kernel does after its splat
            SpinUnlock(Net.StatsLock);
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0007", r.RuleId);
            Assert.StartsWith("'Msleep' may sleep (Msleep) but is called with spinlock 'Net.StatsLock' held in 'SleepUnderSpinlock_ReportsLca0007_WithTheHoldersStack'", r.Message);
            Assert.Equal("the acquisition of 'Net.StatsLock' that made it atomic", r.OtherTitle);
        }

        [Fact]
        public void SleepInRcuSection_ReportsLca0007()
        {
            RcuReadLock();
            MutexLock(Net.ConfigMutex);
            MutexUnlock(Net.ConfigMutex);
            RcuReadUnlock();
            Assert.Contains("'MutexLock' may sleep (MutexLock) but is called inside an RCU read-side section", Assert.Single(sink.Reports).Message);
        }

        [Fact]
        public void WrongUnlockVariant_ReportsLca0008()
        {
            SpinLockBh(Net.StatsLock);
            SpinUnlock(Net.StatsLock);
            LocalBhEnable();
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0008", r.RuleId);
            Assert.Contains("it releases a lock taken by 'SpinLockBh' at LockdepTests.cs:", r.Message);
            Assert.Contains("whose release is SpinUnlockBh; as written, bottom halves stay disabled after it", r.Message);
        }

        [Fact]
        public void UnlockNotHeld_ReportsLca0008_AndIsSkipped()
        {
            SpinUnlock(Net.QueueLock);
            Assert.False(Net.QueueLock.IsLocked);
            Assert.EndsWith("it releases a lock that this CPU does not hold", Assert.Single(sink.Reports).Message);
        }

        [Fact]
        public void CallbackReturningWithLockHeld_ReportsLca0008()
        {
            InTasklet(() => SpinLock(Net.QueueLock));
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0008", r.RuleId);
            Assert.Contains("the lock is still held when the tasklet returns; release it with SpinUnlock on every path", r.Message);
        }

        [Fact]
        public void ThrowSink_FailsTheCallThatBreaksTheRule_EvenOnAnotherCpu()
        {
            Lockdep.Enable(LockdepSink.Throw());
            TakeStats();
            int line = ++irqLine;
            RequestIrq(line, (i, d) => { TakeStats(); return IrqReturn.Handled; }, "throwing", null);
            var e = Assert.Throws<LockdepException>(() => RaiseIrq(line));
            FreeIrq(line, null);
            Assert.Equal("LCA0002", e.Report.RuleId);
            Assert.Contains("lockdep LCA0002: Lock 'Net.StatsLock'", e.Message);
            Assert.Contains("this call:", e.Message);
        }

        [Fact]
        public void WithoutTheValidator_TheModelStillThrowsItsBugs()
        {
            Lockdep.Disable();
            SpinLock(Net.StatsLock);
            Assert.Throws<KernelBugException>(() => Msleep(1));
            SpinUnlock(Net.StatsLock);
            Assert.Throws<KernelBugException>(() => SpinUnlock(Net.StatsLock));
        }

        [Fact]
        public void AfterAnOops_TheUnwindingIsNotJudged()
        {
            // The recursion is a BUG (the CPU would hang): the guard's irqrestore that runs while
            // unwinding, with QueueLock still held, is no path the kernel takes, so no HARDIRQ-ON mark.
            InTasklet(() =>
            {
                using (Guard.SpinLockIrqSave(Net.StatsLock))
                {
                    SpinLockIrq(Net.QueueLock);
                    SpinLock(Net.QueueLock);
                }
            });
            InHardirq((i, d) => { SpinLock(Net.QueueLock); SpinUnlock(Net.QueueLock); return IrqReturn.Handled; });
            Assert.Equal(new[] { "LCA0006" }, sink.Reports.Select(r => r.RuleId));
            Assert.Single(TakeOopses());
        }

        [Fact]
        public void Disabled_ReportsNothing()
        {
            Lockdep.Disable();
            TakeStats();
            InTasklet(TakeStats);
            Assert.Empty(sink.Reports);
        }
    }
}
