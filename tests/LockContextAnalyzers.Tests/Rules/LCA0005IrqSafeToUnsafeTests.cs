using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    public class LCA0005IrqSafeToUnsafeTests
    {
        [Fact]
        public Task SoftirqSafeOuter_SoftirqUnsafeInner() => Verify.VerifyAsync(@"
static class Driver
{
    static Spinlock outer = new(), inner = new();
    [SoftirqContext] static void Rx() { SpinLock(outer); SpinUnlock(outer); }
    public static void Path() { SpinLockBh(outer); {|LCA0005:SpinLock(inner)|}; SpinUnlock(inner); SpinUnlockBh(outer); }
    public static void Elsewhere() { SpinLock(inner); SpinUnlock(inner); }
}");

        [Fact]
        public Task HardirqSafeOuter_ThroughACall() => Verify.VerifyAsync(@"
static class Driver
{
    static Spinlock outer = new(), inner = new();
    [HardirqContext] static void Isr() { SpinLock(outer); SpinUnlock(outer); }
    public static void Path() { var f = SpinLockIrqSave(outer); Take(); SpinUnlockIrqRestore(outer, f); }
    static void Take() { {|LCA0005:SpinLock(inner)|}; SpinUnlock(inner); }
    public static void Elsewhere() { SpinLockBh(inner); SpinUnlockBh(inner); }
}");

        /// <summary>
        /// Found by the differential tests: an rwlock read in softirq context and read with softirqs
        /// on has no LCA0001 (readers share), so its write under a softirq-safe lock is LCA0005's:
        /// CPU0 reads it, a softirq there spins on the outer lock, whose holder waits to write.
        /// </summary>
        [Fact]
        public Task InnerOnlyReadInSoftirq_IsStillReported() => Verify.VerifyAsync(@"
static class Driver
{
    static Spinlock outer = new();
    static Rwlock table = new();
    [SoftirqContext] static void Rx() { SpinLock(outer); SpinUnlock(outer); ReadLock(table); ReadUnlock(table); }
    public static void Path() { SpinLockBh(outer); {|LCA0005:WriteLock(table)|}; WriteUnlock(table); SpinUnlockBh(outer); }
    public static void Reader() { ReadLock(table); ReadUnlock(table); }
}");

        [Fact]
        public Task NearMisses_InnerIsSafeEverywhere_OrItselfUsedInSoftirq() => Verify.VerifyAsync(@"
static class Driver
{
    static Spinlock outer = new(), inner = new(), both = new();
    [SoftirqContext] static void Rx() { SpinLock(outer); SpinLock(both); SpinUnlock(both); SpinUnlock(outer); }
    public static void Path() { SpinLockBh(outer); SpinLock(inner); SpinUnlock(inner); SpinUnlockBh(outer); }
    public static void Elsewhere() { SpinLockBh(inner); SpinUnlockBh(inner); }
    public static void Both() { {|LCA0001:SpinLock(both)|}; SpinUnlock(both); }
}");
    }
}
