using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    public class LCA0006RecursiveLockingTests
    {
        [Fact]
        public Task SameLockTwice_AndThroughACall() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    static KernelMutex m = new();
    public static void Twice() { SpinLock(l); {|LCA0006:SpinLock(l)|}; SpinUnlock(l); SpinUnlock(l); }
    public static void Outer() { MutexLock(m); Inner(); MutexUnlock(m); }
    static void Inner() { {|LCA0006:MutexLock(m)|}; MutexUnlock(m); }
}
""");

        [Fact]
        public Task NearMisses_ReleasedFirst_Trylock_NestedReaders_BranchOnlyOnePath() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    static Rwlock r = new();
    public static void A() { SpinLock(l); SpinUnlock(l); SpinLock(l); SpinUnlock(l); }
    public static void B() { SpinLock(l); if (SpinTrylock(l)) SpinUnlock(l); SpinUnlock(l); }
    public static void C() { ReadLock(r); ReadLock(r); ReadUnlock(r); ReadUnlock(r); }
    public static void D(bool x) { if (x) { SpinLock(l); SpinUnlock(l); } SpinLock(l); SpinUnlock(l); }
}
""");

        /// <summary>
        /// Nesting that looks like recursion but is not: two classes, a guard's scope that ended, a
        /// callback registered under the lock (it runs later, not nested), the lock dropped on the
        /// path that takes it again.
        /// </summary>
        [Fact]
        public Task NearMisses_OtherClass_EndedGuard_CallbackRegisteredUnderIt_DroppedOnThatPath() => Verify.VerifyAsync("""
sealed class Conn
{
    readonly Spinlock rx = new(), tx = new();
    static Spinlock table = new(), pending = new();
    public void Both() { SpinLock(rx); SpinLock(tx); SpinUnlock(tx); SpinUnlock(rx); }
    public static void Scoped() { using (Guard.SpinLock(table)) { } SpinLock(table); SpinUnlock(table); }
    public static void Defer(RcuHead h) { SpinLockBh(pending); CallRcu(h, _ => { SpinLock(pending); SpinUnlock(pending); }); SpinUnlockBh(pending); }
    public static void Retry(bool again)
    {
        SpinLock(table);
        if (again) { SpinUnlock(table); SpinLock(table); }
        SpinUnlock(table);
    }
}
""");
    }
}
