using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<LockContextAnalyzers.LockContextAnalyzer, LockContextAnalyzers.CodeFixes.LCA0003FixBhInHardirqCodeFix>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>LCA0003's fix: irqsave for a lock used in hardirq context, plain otherwise.</summary>
    public class LCA0003FixBhInHardirqCodeFixTests
    {
        [Fact]
        public Task InHardHrtimer_LockIsInHardirq_SwitchesToIrqSave() => Verify.VerifyFixAsync("""
static class Wit
{
    static Spinlock poolLock = new Spinlock();
    public static void Init() => HrtimerSetup(new HrTimer(), Notify, HrTimerMode.Rel);
    static HrTimerRestart Notify(HrTimer t)
    {
        {|LCA0003:SpinLockBh(poolLock)|};
        SpinUnlockBh(poolLock);
        return HrTimerRestart.Restart;
    }
}
""", """
static class Wit
{
    static Spinlock poolLock = new Spinlock();
    public static void Init() => HrtimerSetup(new HrTimer(), Notify, HrTimerMode.Rel);
    static HrTimerRestart Notify(HrTimer t)
    {
        var flags = SpinLockIrqSave(poolLock);
        SpinUnlockIrqRestore(poolLock, flags);
        return HrTimerRestart.Restart;
    }
}
""");

        [Fact]
        public Task UnderIrqSaveInProcess_LockNotInHardirq_SwitchesToPlain() => Verify.VerifyFixAsync("""
static class Driver
{
    static Spinlock a = new Spinlock();
    static Spinlock b = new Spinlock();
    public static void S()
    {
        var f = SpinLockIrqSave(a);
        {|LCA0003:SpinLockBh(b)|};
        SpinUnlockBh(b);
        SpinUnlockIrqRestore(a, f);
    }
}
""", """
static class Driver
{
    static Spinlock a = new Spinlock();
    static Spinlock b = new Spinlock();
    public static void S()
    {
        var f = SpinLockIrqSave(a);
        SpinLock(b);
        SpinUnlock(b);
        SpinUnlockIrqRestore(a, f);
    }
}
""");

        [Fact]
        public Task LocalBhEnable_HasNoFix() => Verify.VerifyFixAsync("""
static class Driver
{
    public static void S()
    {
        var f = LocalIrqSave();
        LocalBhDisable();
        {|LCA0003:LocalBhEnable()|};
        LocalIrqRestore(f);
    }
}
""", """
static class Driver
{
    public static void S()
    {
        var f = LocalIrqSave();
        LocalBhDisable();
        {|LCA0003:LocalBhEnable()|};
        LocalIrqRestore(f);
    }
}
""");
    }
}
