using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    public class LCA0004LockOrderInversionTests
    {
        [Fact]
        public Task TwoLocksInBothOrders_ReportsTheSecondAcquisitionOfEachOrder() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new(), b = new();
    public static void One() { SpinLock(a); {|LCA0004:SpinLock(b)|}; SpinUnlock(b); SpinUnlock(a); }
    public static void Two() { SpinLock(b); {|LCA0004:SpinLock(a)|}; SpinUnlock(a); SpinUnlock(b); }
}
""");

        [Fact]
        public Task OrderAcrossCallChains() => Verify.VerifyAsync("""
static class Driver
{
    static KernelMutex a = new(), b = new();
    public static void One() { MutexLock(a); Helper(); MutexUnlock(a); }
    static void Helper() => Inner();
    static void Inner() { {|LCA0004:MutexLock(b)|}; MutexUnlock(b); }
    public static void Two() { MutexLock(b); {|LCA0004:MutexLock(a)|}; MutexUnlock(a); MutexUnlock(b); }
}
""");

        [Fact]
        public Task ThreeLockCycle() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new(), b = new(), c = new();
    public static void AB() { SpinLock(a); {|LCA0004:SpinLock(b)|}; SpinUnlock(b); SpinUnlock(a); }
    public static void BC() { SpinLock(b); {|LCA0004:SpinLock(c)|}; SpinUnlock(c); SpinUnlock(b); }
    public static void CA() { SpinLock(c); {|LCA0004:SpinLock(a)|}; SpinUnlock(a); SpinUnlock(c); }
}
""");

        [Fact]
        public Task NearMisses_ConsistentOrder_TrylockInReverse_Sequential_ReadersOnly() => Verify.VerifyAsync("""
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
}
""");

        /// <summary>
        /// A reader held while a writer is wanted, both ways round: each CPU holds one lock as a reader
        /// and waits to write the other, which the other CPU's reader blocks.
        /// </summary>
        [Fact]
        public Task ReadersHeldWhileWritersWanted_IsAStrongCycle() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock x = new(), y = new();
    public static void A() { ReadLock(x); {|LCA0004:WriteLock(y)|}; WriteUnlock(y); ReadUnlock(x); }
    public static void B() { ReadLock(y); {|LCA0004:WriteLock(x)|}; WriteUnlock(x); ReadUnlock(y); }
}
""");

        /// <summary>
        /// x is taken by a reader under y and held by a reader over y: the cycle x -> y -> x passes x
        /// from a reader to a reader, and a reader never waits for a reader (B's read of x goes in
        /// beside A's), so nothing waits in a circle, even though x is written elsewhere.
        /// </summary>
        [Fact]
        public Task CycleThroughAReaderToAReader_IsNotADeadlock() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock x = new();
    static Spinlock y = new();
    public static void A() { ReadLock(x); SpinLock(y); SpinUnlock(y); ReadUnlock(x); }
    public static void B() { SpinLock(y); ReadLock(x); ReadUnlock(x); SpinUnlock(y); }
    public static void W() { WriteLock(x); WriteUnlock(x); }
}
""");

        /// <summary>
        /// A helper that takes the lock it is passed: a call orders the caller's held locks before
        /// the lock that call passes, not before every lock any caller passes (One passes a under
        /// lk; Two passes b with nothing held; Three takes lk under b: no path takes b under lk).
        /// </summary>
        [Fact]
        public Task AHelperTakingTheLockItIsPassed_OrdersOnlyWhatEachCallPasses() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock lk = new(), a = new(), b = new();
    public static void One() { SpinLock(lk); Take(a); SpinUnlock(lk); }
    public static void Two() => Take(b);
    public static void Three() { SpinLock(b); SpinLock(lk); SpinUnlock(lk); SpinUnlock(b); }
    static void Take(Spinlock l) { SpinLock(l); SpinUnlock(l); }
}
""");

        /// <summary>The lock passed on through a second helper: still the one each call passes, and the message follows the calls.</summary>
        [Fact]
        public async Task ALockPassedThroughTwoHelpers_OrdersWhatTheFirstCallPasses()
        {
            await Verify.VerifyAsync("""
static class Driver
{
    static Spinlock lk = new(), a = new(), b = new();
    public static void One() { SpinLock(lk); Outer(a); SpinUnlock(lk); }
    public static void Two() => Outer(b);
    public static void Three() { SpinLock(a); {|LCA0004:SpinLock(lk)|}; SpinUnlock(lk); SpinUnlock(a); }
    static void Outer(Spinlock x) => Take(x);
    static void Take(Spinlock l) { {|LCA0004:SpinLock(l)|}; SpinUnlock(l); }
}
""");
            var result = await Verifiers.AnalyzerRunner.RunAsync(Verifiers.AnalyzerRunner.Compile(new[] { """
static class Driver
{
    static Spinlock lk = new(), a = new(), b = new();
    public static void One() { SpinLock(lk); Outer(a); SpinUnlock(lk); }
    public static void Three() { SpinLock(a); SpinLock(lk); SpinUnlock(lk); SpinUnlock(a); }
    static void Outer(Spinlock x) => Take(x);
    static void Take(Spinlock l) { SpinLock(l); SpinUnlock(l); }
}
""" }));
            Assert.Contains(result.Diagnostics, d => d.GetMessage().Contains("'Driver.a' is taken while 'Driver.lk' is held in 'One' at File0.cs:7 (through Outer -> Take;"));
        }

        /// <summary>The same classes, but one path takes x as a writer under y: that edge makes the cycle strong.</summary>
        [Fact]
        public Task CycleThroughAReader_IsStrongOnceAWriterTakesItInside() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock x = new();
    static Spinlock y = new();
    public static void A() { ReadLock(x); {|LCA0004:SpinLock(y)|}; SpinUnlock(y); ReadUnlock(x); }
    public static void B() { SpinLock(y); ReadLock(x); ReadUnlock(x); SpinUnlock(y); }
    public static void C() { SpinLock(y); {|LCA0004:WriteLock(x)|}; WriteUnlock(x); SpinUnlock(y); }
}
""");
    }
}
