using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>Code that looks close to the seed deadlock but is correct: LCA0001 must stay silent.</summary>
    public class LCA0001NearMissTests
    {
        private const string SoftirqSide = """
    [SoftirqContext] static void Rx() { SpinLock(l); SpinUnlock(l); }
""";

        private static Task Silent(string processSide) => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    static Spinlock outer = new Spinlock();
""" + SoftirqSide + """

""" + processSide + """
}
""");

        [Fact]
        public Task SpinLockBhInProcess() => Silent("public static void S() { SpinLockBh(l); SpinUnlockBh(l); }");

        [Fact]
        public Task OuterSpinLockBhCoversInnerSpinLock() =>
            Silent("public static void S() { SpinLockBh(outer); SpinLock(l); SpinUnlock(l); SpinUnlockBh(outer); }");

        [Fact]
        public Task LocalBhDisableRegion() =>
            Silent("public static void S() { LocalBhDisable(); SpinLock(l); SpinUnlock(l); LocalBhEnable(); }");

        [Fact]
        public Task SpinLockIrqSaveInProcess() =>
            Silent("public static void S() { var f = SpinLockIrqSave(l); SpinUnlockIrqRestore(l, f); }");

        [Fact]
        public Task SpinLockIrqInProcess() =>
            Silent("public static void S() { SpinLockIrq(l); SpinUnlockIrq(l); }");

        [Fact]
        public Task LocalIrqSaveRegion() =>
            Silent("public static void S() { var f = LocalIrqSave(); SpinLock(l); SpinUnlock(l); LocalIrqRestore(f); }");

        [Fact]
        public Task GuardBhInProcess() =>
            Silent("public static void S() { using (Guard.SpinLockBh(l)) { } }");

        [Fact]
        public Task RcuReadLockBhRegion() =>
            Silent("public static void S() { RcuReadLockBh(); SpinLock(l); SpinUnlock(l); RcuReadUnlockBh(); }");

        [Fact]
        public Task CallerDisablesBh_HelperTakesPlainLock() =>
            Silent("public static void S() { SpinLockBh(outer); Helper(); SpinUnlockBh(outer); } static void Helper() { SpinLock(l); SpinUnlock(l); }");

        [Fact]
        public Task HelperReachableOnlyFromACallback() =>
            Silent("public static void Init() { TimerSetup(new TimerList(), t => Helper()); } static void Helper() { SpinLock(l); SpinUnlock(l); }");

        [Fact]
        public Task TrylockInSoftirq_IsNotInSoftirqUsage() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [SoftirqContext] static void Rx() { if (SpinTrylock(l)) SpinUnlock(l); }
    public static void S() { SpinLock(l); SpinUnlock(l); }
}
""");

        [Fact]
        public Task LockUsedOnlyInSoftirq() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [SoftirqContext] static void Rx() { SpinLock(l); SpinUnlock(l); }
    public static void Init() { TimerSetup(new TimerList(), t => { SpinLock(l); SpinUnlock(l); }); }
}
""");

        [Fact]
        public Task LockUsedOnlyInProcess() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    public static void A() { SpinLock(l); SpinUnlock(l); }
    public static void Init() { KthreadRun(d => { SpinLock(l); SpinUnlock(l); return 0; }, null, "k"); InitWork(new WorkStruct(), w => B()); }
    static void B() { SpinLock(l); SpinUnlock(l); }
}
""");

        [Fact]
        public Task ReadLockInBothContexts_ReadersNest() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock l = new Rwlock();
    [SoftirqContext] static void Rx() { ReadLock(l); ReadUnlock(l); }
    public static void Lookup() { ReadLock(l); ReadUnlock(l); }
}
""");

        [Fact]
        public Task BhVariantInSoftirq() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [SoftirqContext] static void Rx() { SpinLockBh(l); SpinUnlockBh(l); }
    public static void S() { SpinLockBh(l); SpinUnlockBh(l); }
}
""");

        [Fact]
        public Task DifferentLockClasses() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new Spinlock();
    static Spinlock b = new Spinlock();
    [SoftirqContext] static void Rx() { SpinLock(a); SpinUnlock(a); }
    public static void S() { SpinLock(b); SpinUnlock(b); }
}
""");

        [Fact]
        public Task UsersOwnSpinLockMethod_IsNotTheKernels() => Verify.VerifyAsync("""
static class Mine
{
    static object l = new object();
    static void SpinLock(object o) { }
    [SoftirqContext] static void Rx() { SpinLock(l); }
    public static void S() { SpinLock(l); }
}
""");

        [Fact]
        public Task ThreadedIrqThreadFunction_IsProcessContext() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    public static void Init() { RequestThreadedIrq(5, null, (irq, dev) => { SpinLock(l); SpinUnlock(l); return IrqReturn.Handled; }, "d", null); }
    public static void S() { SpinLock(l); SpinUnlock(l); }
}
""");

        [Fact]
        public Task WithoutTheModelReferenced_NothingRuns() => Verify.VerifyAsync("""
static class Plain { public static void M() { } }
""");
    }
}
