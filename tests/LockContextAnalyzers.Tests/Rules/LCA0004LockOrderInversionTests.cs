using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    public class LCA0004LockOrderInversionTests
    {
        [Fact]
        public Task TwoLocksInBothOrders_ReportsTheSecondAcquisitionOfEachOrder() => Verify.VerifyAsync(@"
static class Driver
{
    static Spinlock a = new(), b = new();
    public static void One() { SpinLock(a); {|LCA0004:SpinLock(b)|}; SpinUnlock(b); SpinUnlock(a); }
    public static void Two() { SpinLock(b); {|LCA0004:SpinLock(a)|}; SpinUnlock(a); SpinUnlock(b); }
}");

        [Fact]
        public Task OrderAcrossCallChains() => Verify.VerifyAsync(@"
static class Driver
{
    static KernelMutex a = new(), b = new();
    public static void One() { MutexLock(a); Helper(); MutexUnlock(a); }
    static void Helper() => Inner();
    static void Inner() { {|LCA0004:MutexLock(b)|}; MutexUnlock(b); }
    public static void Two() { MutexLock(b); {|LCA0004:MutexLock(a)|}; MutexUnlock(a); MutexUnlock(b); }
}");

        [Fact]
        public Task ThreeLockCycle() => Verify.VerifyAsync(@"
static class Driver
{
    static Spinlock a = new(), b = new(), c = new();
    public static void AB() { SpinLock(a); {|LCA0004:SpinLock(b)|}; SpinUnlock(b); SpinUnlock(a); }
    public static void BC() { SpinLock(b); {|LCA0004:SpinLock(c)|}; SpinUnlock(c); SpinUnlock(b); }
    public static void CA() { SpinLock(c); {|LCA0004:SpinLock(a)|}; SpinUnlock(a); SpinUnlock(c); }
}");

        [Fact]
        public Task NearMisses_ConsistentOrder_TrylockInReverse_Sequential_ReadersOnly() => Verify.VerifyAsync(@"
static class Driver
{
    static Spinlock a = new(), b = new();
    static Rwlock r = new(), s = new();
    public static void One() { SpinLock(a); SpinLock(b); SpinUnlock(b); SpinUnlock(a); }
    public static void Two() { SpinLock(a); SpinLock(b); SpinUnlock(b); SpinUnlock(a); }
    public static void Try() { SpinLock(b); if (SpinTrylock(a)) SpinUnlock(a); SpinUnlock(b); }
    public static void Seq() { SpinLock(b); SpinUnlock(b); SpinLock(a); SpinUnlock(a); }
    public static void R1() { ReadLock(r); ReadLock(s); ReadUnlock(s); ReadUnlock(r); }
    public static void R2() { ReadLock(s); ReadLock(r); ReadUnlock(r); ReadUnlock(s); }
}");
    }
}
