using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    public class LCA0007SleepInAtomicTests
    {
        [Fact]
        public Task EverySleeperUnderASpinlock() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    static KernelMutex m = new();
    public static void S()
    {
        SpinLock(l);
        {|LCA0007:Msleep(1)|};
        {|LCA0007:MutexLock(m)|};
        MutexUnlock(m);
        {|LCA0007:SynchronizeRcu()|};
        {|LCA0007:MightSleep()|};
        {|LCA0007:Annotated()|};
        SpinUnlock(l);
    }
    [MightSleep] static void Annotated() { }
}
""");

        [Fact]
        public Task OutermostCallIsReported_AndEveryAtomicKind() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    static void Deep() => Msleep(10);
    static void Middle() => Deep();
    public static void Bh() { LocalBhDisable(); {|LCA0007:Middle()|}; LocalBhEnable(); }
    public static void Irq() { var f = LocalIrqSave(); {|LCA0007:Middle()|}; LocalIrqRestore(f); }
    public static void Rcu() { RcuReadLock(); {|LCA0007:Middle()|}; RcuReadUnlock(); }
    public static void Guarded() { using (Guard.SpinLock(l)) { {|LCA0007:Middle()|}; } }
    [SoftirqContext] static void Rx() { {|LCA0007:Middle()|}; }
    public static void Init() => RequestIrq(1, (i, d) => { {|LCA0007:Deep()|}; return IrqReturn.Handled; }, "x", null);
}
""");

        [Fact]
        public Task NearMisses_SleepAfterRelease_MutexInProcess_WorkAndKthread_Trylock() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    static KernelMutex m = new();
    public static void A() { SpinLock(l); SpinUnlock(l); Msleep(1); }
    public static void B() { MutexLock(m); Msleep(1); MutexUnlock(m); }
    public static void C() { InitWork(new WorkStruct(), w => Msleep(1)); KthreadRun(d => { SynchronizeRcu(); return 0; }, null, "k"); }
    public static void D() { SpinLock(l); if (MutexTrylock(m)) MutexUnlock(m); SpinUnlock(l); }
    public static void E() { RequestThreadedIrq(2, null, (i, d) => { Msleep(1); return IrqReturn.Handled; }, "t", null); }
}
""");

        /// <summary>
        /// Sleeps near atomic sections but outside them: the lock dropped on the sleeping path, bh
        /// and irqs back on, work queued under the lock (it sleeps later, on a worker), an RCU
        /// section closed before the sleep, a [ProcessContext] helper only process code calls.
        /// </summary>
        [Fact]
        public Task NearMisses_DroppedOnThatPath_BhAndIrqsBack_WorkQueuedUnderLock_SectionClosed() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    static WorkStruct work = new();
    public static void Init() => InitWork(work, _ => Msleep(5));
    public static void Path(bool slow)
    {
        SpinLock(l);
        if (slow) { SpinUnlock(l); Msleep(1); return; }
        SpinUnlock(l);
    }
    public static void Regions() { LocalBhDisable(); LocalBhEnable(); var f = LocalIrqSave(); LocalIrqRestore(f); Msleep(1); }
    public static void Kick() { SpinLock(l); QueueWork(work); SpinUnlock(l); }
    public static void Reader() { RcuReadLock(); RcuReadUnlock(); SynchronizeRcu(); }
    [ProcessContext] static void Settle() => Msleep(2);
    public static void Ioctl() => Settle();
}
""");
    }
}
