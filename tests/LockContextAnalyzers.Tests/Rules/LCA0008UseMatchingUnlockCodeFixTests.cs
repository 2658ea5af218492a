using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<LockContextAnalyzers.LockContextAnalyzer, LockContextAnalyzers.CodeFixes.LCA0008UseMatchingUnlockCodeFix>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>"Use the matching unlock": the release is renamed to the one its acquisition's variant and mode call for.</summary>
    public class LCA0008UseMatchingUnlockCodeFixTests
    {
        [Fact]
        public Task BhAndReaderMismatches_UseTheMatchingUnlock() => Verify.VerifyFixAsync("""
static class Driver
{
    static Spinlock l = new();
    static Rwlock r = new();
    public static void Mismatch() { SpinLockBh(l); {|LCA0008:SpinUnlock(l)|}; }
    public static void Reader() { ReadLock(r); {|LCA0008:WriteUnlock(r)|}; }
}
""", """
static class Driver
{
    static Spinlock l = new();
    static Rwlock r = new();
    public static void Mismatch() { SpinLockBh(l); SpinUnlockBh(l); }
    public static void Reader() { ReadLock(r); ReadUnlock(r); }
}
""");

        [Fact]
        public Task QualifiedCall_KeepsItsQualifier() => Verify.VerifyFixAsync("""
static class Driver
{
    static Spinlock l = new();
    public static void Mismatch() { LockContext.Kernel.SpinLockIrq(l); {|LCA0008:LockContext.Kernel.SpinUnlock(l)|}; }
}
""", """
static class Driver
{
    static Spinlock l = new();
    public static void Mismatch() { LockContext.Kernel.SpinLockIrq(l); LockContext.Kernel.SpinUnlockIrq(l); }
}
""");

        [Fact]
        public Task ReleaseOnBothBranches_EachIsFixed() => Verify.VerifyFixAsync("""
static class Driver
{
    static Spinlock l = new();
    public static void Mismatch(bool fast)
    {
        SpinLockBh(l);
        if (fast) {|LCA0008:SpinUnlock(l)|};
        else {|LCA0008:SpinUnlock(l)|};
    }
}
""", """
static class Driver
{
    static Spinlock l = new();
    public static void Mismatch(bool fast)
    {
        SpinLockBh(l);
        if (fast) SpinUnlockBh(l);
        else SpinUnlockBh(l);
    }
}
""");

        /// <summary>An irqsave lock's release needs the saved flags, which a rename cannot supply: no fix.</summary>
        [Fact]
        public Task IrqSaveMismatch_HasNoFix() => Verify.VerifyFixAsync(Source, Source);

        private const string Source = """
static class Driver
{
    static Spinlock l = new();
    public static void IrqMismatch() { var f = SpinLockIrqSave(l); {|LCA0008:SpinUnlockIrq(l)|}; }
}
""";
    }
}
