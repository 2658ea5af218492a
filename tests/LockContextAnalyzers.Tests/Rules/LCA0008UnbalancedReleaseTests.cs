using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    public class LCA0008UnbalancedReleaseTests
    {
        [Fact]
        public Task NotHeld_SomePath_Mismatch_LeftOpen() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    public static void NotHeld() { {|LCA0008:SpinUnlock(l)|}; }
    public static void SomePath(bool x) { if (x) SpinLock(l); {|LCA0008:SpinUnlock(l)|}; }
    public static void Mismatch() { SpinLockBh(l); {|LCA0008:SpinUnlock(l)|}; }
    public static void IrqMismatch() { var f = SpinLockIrqSave(l); {|LCA0008:SpinUnlockIrq(l)|}; }
    public static void LeftOpen(bool x) { {|LCA0008:SpinLock(l)|}; if (x) return; SpinUnlock(l); }
}
""");

        [Fact]
        public Task NearMisses_TryFinally_TrylockFailurePath_Contracts_Guards_BothBranches() => Verify.VerifyAsync("""
class Dev
{
    Spinlock l = new();
    public int TryFinally(int x) { SpinLock(l); try { if (x > 0) return x; return 0; } finally { SpinUnlock(l); } }
    public void Trylock() { if (!SpinTrylock(l)) return; SpinUnlock(l); }
    public void TrylockLocal() { var ok = SpinTrylock(l); if (ok) SpinUnlock(l); }
    [Acquires("l")] public void Lock() => SpinLock(l);
    [Releases("l")] public void Unlock() => SpinUnlock(l);
    [MustHold("l")] public void Work() { }
    public void UsesContracts() { Lock(); Work(); Unlock(); }
    public void Guarded() { using (Guard.SpinLockBh(l)) { } using var g = Guard.SpinLock(l); }
    public void Branches(bool x) { if (x) SpinLock(l); else SpinLock(l); SpinUnlock(l); }
    public void Loop(int n) { for (int i = 0; i < n; i++) { SpinLock(l); SpinUnlock(l); } }
}
""");

        /// <summary>
        /// Found by the differential tests: the exceptional ways into a using's finally (after any
        /// call in the body) once flowed on to the code after it, so a balanced region inside a
        /// guard looked "still held on some path".
        /// </summary>
        [Fact]
        public Task BalancedRegionInsideAGuard_IsNotLeftOpen() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new(), b = new();
    static int work;
    static void Helper() => work++;
    public static void Nested()
    {
        using (Guard.SpinLockIrqSave(a))
        {
            SpinLock(b);
            Helper();
            SpinUnlock(b);
        }
    }
    public static void InTryFinally()
    {
        SpinLock(a);
        try { SpinLock(b); Helper(); SpinUnlock(b); }
        finally { SpinUnlock(a); }
    }
}
""");

        /// <summary>Found by the differential tests: a release of a lock taken three deep paired with the second take too.</summary>
        [Fact]
        public Task ThreeNestedTakes_EachReleasePairsWithItsOwn() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    public static void ThreeDeep()
    {
        SpinLock(l);
        {|LCA0006:SpinLockBh(l)|};
        {|LCA0006:SpinLock(l)|};
        SpinUnlock(l);
        SpinUnlockBh(l);
        SpinUnlock(l);
    }
}
""");

        [Fact]
        public Task FlagsFromAnotherSave() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new(), b = new();
    public static void Swapped()
    {
        var fa = SpinLockIrqSave(a);
        var fb = SpinLockIrqSave(b);
        {|LCA0008:SpinUnlockIrqRestore(a, fb)|};
        {|LCA0008:SpinUnlockIrqRestore(b, fa)|};
    }
    public static void FromLocalSave()
    {
        var saved = LocalIrqSave();
        var fa = SpinLockIrqSave(a);
        {|LCA0008:SpinUnlockIrqRestore(a, saved)|};
        LocalIrqRestore(fa);
    }
    public static void Nested()
    {
        var fa = SpinLockIrqSave(a);
        var fb = SpinLockIrqSave(b);
        SpinUnlockIrqRestore(b, fb);
        SpinUnlockIrqRestore(a, fa);
    }
}
""");

        [Fact]
        public Task FinallyLeftByFallThroughAndByAnEarlyReturn_BothPathsAreFollowed() => Verify.VerifyAsync("""
class Dev
{
    Spinlock l = new();
    Spinlock m = new();
    public int Run(bool early)
    {
        SpinLock(l);
        try
        {
            if (early) return 1;
        }
        finally
        {
            SpinUnlock(l);
        }
        {|LCA0008:SpinLock(m)|};
        return 0;
    }
}
""");
    }
}
