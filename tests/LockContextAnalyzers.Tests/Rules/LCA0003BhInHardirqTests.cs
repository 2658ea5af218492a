using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>LCA0003: bottom halves re-enabled in hardirq context or with hardirqs off.</summary>
    public class LCA0003BhInHardirqTests
    {
        [Fact]
        public Task SeedHrtimer_SpinLockBhInHardHrtimerCallback_Reports() => Verify.VerifyAsync("""
static class Wit
{
    static Spinlock poolLock = new Spinlock();
    static HrTimer pool = new HrTimer();
    public static void Init() => HrtimerSetup(pool, WitHrtimerPoolNotify, HrTimerMode.Rel);
    static HrTimerRestart WitHrtimerPoolNotify(HrTimer t)
    {
        {|LCA0003:SpinLockBh(poolLock)|};
        SpinUnlockBh(poolLock);
        return HrTimerRestart.Restart;
    }
}
""");

        [Fact]
        public Task InIrqHandler_AndThroughACall_AndGuard() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new Spinlock();
    static Rwlock b = new Rwlock();
    public static void Init() => RequestIrq(1, Isr, "x", null);
    static IrqReturn Isr(int irq, object? dev) { Helper(); using (/**/{|LCA0003:Guard.SpinLockBh(a)|}) { } return IrqReturn.Handled; }
    static void Helper() { {|LCA0003:ReadLockBh(b)|}; ReadUnlockBh(b); }
}
""");

        [Fact]
        public Task WithIrqsDisabledInProcess_AndLocalBhEnable() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new Spinlock();
    static Spinlock b = new Spinlock();
    public static void S()
    {
        var f = SpinLockIrqSave(a);
        {|LCA0003:SpinLockBh(b)|};
        SpinUnlockBh(b);
        LocalBhDisable();
        {|LCA0003:LocalBhEnable()|};
        SpinUnlockIrqRestore(a, f);
    }
}
""");

        /// <summary>
        /// Found by the differential tests: irqs off on one branch only, then a _bh acquisition. The
        /// kernel WARNs on that path whatever the other path did, so "off on some path" counts here.
        /// </summary>
        [Fact]
        public Task IrqsOffOnOnePathOnly_Reports_ABalancedBranchDoesNot() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new(), b = new();
    public static void OnePath(bool x)
    {
        if (x) LocalIrqDisable();
        {|LCA0003:SpinLockBh(b)|};
        SpinUnlockBh(b);
        if (x) LocalIrqEnable();
    }
    public static void InsideIrqRegionWithAnEnablingBranch(bool x)
    {
        SpinLockIrq(a);
        if (x) LocalIrqEnable();
        {|LCA0003:SpinLockBh(b)|};
        SpinUnlockBh(b);
        SpinUnlockIrq(a);
    }
    public static void BalancedBranch(bool x)
    {
        if (x) { var f = LocalIrqSave(); LocalIrqRestore(f); }
        SpinLockBh(b);
        SpinUnlockBh(b);
    }
}
""");

        /// <summary>Irqs off on one path of the caller: the helper's _bh acquisition is the bug on that path.</summary>
        [Fact]
        public Task IrqsOffOnOneCallerPath_ReachesTheHelper() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock b = new();
    public static void Caller(bool x)
    {
        if (x) LocalIrqDisable();
        Helper();
        if (x) LocalIrqEnable();
    }
    static void Helper() { {|LCA0003:SpinLockBh(b)|}; SpinUnlockBh(b); }
    public static void OnlyIrqsOn() => Other();
    static void Other() { SpinLockBh(b); SpinUnlockBh(b); }
}
""");

        /// <summary>
        /// Found by the differential tests: an irq enable inside an irqsave region, then the region's
        /// restore. The restore puts back what was saved (irqs off), not "on".
        /// </summary>
        [Fact]
        public Task RestoreAfterAnEnable_PutsTheSavedStateBack() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new(), b = new();
    public static void S()
    {
        var f0 = SpinLockIrqSave(a);
        var f1 = LocalIrqSave();
        SpinLockIrq(b);
        SpinUnlockIrq(b);
        LocalIrqRestore(f1);
        LocalBhDisable();
        {|LCA0003:LocalBhEnable()|};
        SpinUnlockIrqRestore(a, f0);
        LocalBhDisable();
        LocalBhEnable();
    }
}
""");

        [Fact]
        public Task NearMisses_BhInProcessAndSoftirq_IrqsOnAgain() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new Spinlock();
    [SoftirqContext] static void Rx() { SpinLockBh(a); SpinUnlockBh(a); }
    public static void S()
    {
        SpinLockBh(a); SpinUnlockBh(a);
        var f = LocalIrqSave();
        LocalIrqRestore(f);
        SpinLockBh(a); SpinUnlockBh(a);
        LocalBhDisable(); LocalBhEnable();
    }
    public static void Init() => HrtimerSetup(new HrTimer(), t => { SpinLockBh(a); SpinUnlockBh(a); return HrTimerRestart.NoRestart; }, HrTimerMode.RelSoft);
}
""");
    }
}
