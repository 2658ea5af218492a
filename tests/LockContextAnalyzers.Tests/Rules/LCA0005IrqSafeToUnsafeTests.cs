using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    public class LCA0005IrqSafeToUnsafeTests
    {
        [Fact]
        public Task SoftirqSafeOuter_SoftirqUnsafeInner() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock outer = new(), inner = new();
    [SoftirqContext] static void Rx() { SpinLock(outer); SpinUnlock(outer); }
    public static void Path() { SpinLockBh(outer); {|LCA0005:SpinLock(inner)|}; SpinUnlock(inner); SpinUnlockBh(outer); }
    public static void Elsewhere() { SpinLock(inner); SpinUnlock(inner); }
}
""");

        [Fact]
        public Task HardirqSafeOuter_ThroughACall() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock outer = new(), inner = new();
    [HardirqContext] static void Isr() { SpinLock(outer); SpinUnlock(outer); }
    public static void Path() { var f = SpinLockIrqSave(outer); Take(); SpinUnlockIrqRestore(outer, f); }
    static void Take() { {|LCA0005:SpinLock(inner)|}; SpinUnlock(inner); }
    public static void Elsewhere() { SpinLockBh(inner); SpinUnlockBh(inner); }
}
""");

        /// <summary>
        /// Found by the differential tests: an rwlock read in softirq context and read with softirqs
        /// on has no LCA0001 (readers share), so its write under a softirq-safe lock is LCA0005's:
        /// CPU0 reads it, a softirq there spins on the outer lock, whose holder waits to write.
        /// </summary>
        [Fact]
        public Task InnerOnlyReadInSoftirq_IsStillReported() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock outer = new();
    static Rwlock table = new();
    [SoftirqContext] static void Rx() { SpinLock(outer); SpinUnlock(outer); ReadLock(table); ReadUnlock(table); }
    public static void Path() { SpinLockBh(outer); {|LCA0005:WriteLock(table)|}; WriteUnlock(table); SpinUnlockBh(outer); }
    public static void Reader() { ReadLock(table); ReadUnlock(table); }
}
""");

        [Fact]
        public Task NearMisses_InnerIsSafeEverywhere_OrItselfUsedInSoftirq() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock outer = new(), inner = new(), both = new();
    [SoftirqContext] static void Rx() { SpinLock(outer); SpinLock(both); SpinUnlock(both); SpinUnlock(outer); }
    public static void Path() { SpinLockBh(outer); SpinLock(inner); SpinUnlock(inner); SpinUnlockBh(outer); }
    public static void Elsewhere() { SpinLockBh(inner); SpinUnlockBh(inner); }
    public static void Both() { {|LCA0001:SpinLock(both)|}; SpinUnlock(both); }
}
""");

        /// <summary>
        /// lockdep searches the whole dependency graph: a is hardirq-safe, a -> b -> c -> d, and d is
        /// taken with hardirqs on elsewhere. b and c are never used in an interrupt nor taken with
        /// irqs on, yet CPU0 can hold d with irqs on, CPU1 hold a and wait along the chain for d,
        /// and the interrupt on CPU0 spin on a. Reported where the chain closes, three calls deep.
        /// </summary>
        [Fact]
        public Task ChainOfDependencies_ThroughThreeCalls_IsReportedWhereItCloses() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new(), b = new(), c = new(), d = new();
    [HardirqContext] static void Isr() { SpinLock(a); SpinUnlock(a); }
    public static void TakeAB() { var f = SpinLockIrqSave(a); LockB(); SpinUnlockIrqRestore(a, f); }
    static void LockB() { SpinLock(b); SpinUnlock(b); }
    public static void TakeBC() { var f = SpinLockIrqSave(b); SpinLock(c); SpinUnlock(c); SpinUnlockIrqRestore(b, f); }
    public static void TakeCD() { var f = SpinLockIrqSave(c); Step1(); SpinUnlockIrqRestore(c, f); }
    static void Step1() => Step2();
    static void Step2() => Step3();
    static void Step3() { {|LCA0005:SpinLock(d)|}; SpinUnlock(d); }
    public static void Elsewhere() { SpinLockBh(d); SpinUnlockBh(d); }
}
""");

        [Fact]
        public async Task ChainMessage_NamesTheWholeChainAndBothEnds()
        {
            var compilation = Verifiers.AnalyzerRunner.Compile(new[] { """
static class Driver
{
    static Spinlock a = new(), b = new(), c = new();
    [SoftirqContext] static void Rx() { SpinLock(a); SpinUnlock(a); }
    public static void AB() { SpinLockBh(a); SpinLock(b); SpinUnlock(b); SpinUnlockBh(a); }
    public static void BC() { SpinLockBh(b); SpinLock(c); SpinUnlock(c); SpinUnlockBh(b); }
    public static void Elsewhere() { SpinLock(c); SpinUnlock(c); }
}
""" });
            var result = await Verifiers.AnalyzerRunner.RunAsync(compilation);
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal("LCA0005", d.Id);
            Assert.Equal(
                "Lock 'Driver.c' is taken while 'Driver.b' is held in 'BC' at File0.cs:6 (process context: nothing in the compilation calls it)"
                + ", which closes the chain 'Driver.a' -> 'Driver.b' -> 'Driver.c' ('Driver.b' is taken while 'Driver.a' is held at File0.cs:5)"
                + "; 'Driver.a' is used in softirq context ('Rx' at File0.cs:4 (softirq context by its [SoftirqContext] attribute)), but 'Driver.c' is taken with softirqs enabled"
                + " ('Elsewhere' at File0.cs:7 (process context: nothing in the compilation calls it))"
                + ": a softirq on a CPU that holds 'Driver.c' can spin on 'Driver.a' while its holder waits for 'Driver.c'",
                d.GetMessage());
            // The holder of b, the softirq use of a, the unsafe use of c, then the chain's links (a held, b taken).
            Assert.Equal(new[] { 6, 4, 7, 5 }, d.AdditionalLocations.Select(l => l.GetLineSpan().StartLinePosition.Line + 1).Distinct());
        }

        /// <summary>
        /// lockdep's only_xr: a lock held by a reader is made irq-safe only by a write use. Here the
        /// table is only read in softirq context, so a softirq on the CPU that holds inner reads the
        /// table beside the reader that waits for inner: no deadlock.
        /// </summary>
        [Fact]
        public Task OuterHeldByAReader_OnlyReadInSoftirq_IsNotSafe() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock table = new();
    static Spinlock inner = new();
    [SoftirqContext] static void Rx() { ReadLock(table); ReadUnlock(table); }
    public static void Path() { ReadLockBh(table); SpinLock(inner); SpinUnlock(inner); ReadUnlockBh(table); }
    public static void Elsewhere() { SpinLock(inner); SpinUnlock(inner); }
}
""");

        /// <summary>The same, once the table is also written in softirq context: that softirq waits for the reader.</summary>
        [Fact]
        public Task OuterHeldByAReader_WrittenInSoftirq_IsSafe() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock table = new();
    static Spinlock inner = new();
    [SoftirqContext] static void Rx() { ReadLock(table); ReadUnlock(table); }
    [SoftirqContext] static void Gc() { WriteLock(table); WriteUnlock(table); }
    public static void Path() { ReadLockBh(table); {|LCA0005:SpinLock(inner)|}; SpinUnlock(inner); ReadUnlockBh(table); }
    public static void Elsewhere() { SpinLock(inner); SpinUnlock(inner); }
}
""");

        /// <summary>
        /// The inner table is taken by a reader under the softirq-safe lock and only ever read with
        /// softirqs on (its writers keep them off): a reader never waits for a reader, so the holder
        /// of outer gets the table beside the interrupted one.
        /// </summary>
        [Fact]
        public Task InnerTakenByAReader_OnlyReadWithSoftirqsOn_IsNotUnsafe() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock outer = new();
    static Rwlock table = new();
    [SoftirqContext] static void Rx() { SpinLock(outer); SpinUnlock(outer); }
    public static void Path() { SpinLockBh(outer); ReadLock(table); ReadUnlock(table); SpinUnlockBh(outer); }
    public static void Reader() { ReadLock(table); ReadUnlock(table); }
    public static void Writer() { WriteLockBh(table); WriteUnlockBh(table); }
}
""");

        /// <summary>A reader-to-reader link breaks the chain: b is taken by a reader under a and held by a reader over c.</summary>
        [Fact]
        public Task ChainThroughAReaderToAReader_IsBroken() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new(), c = new();
    static Rwlock b = new();
    [SoftirqContext] static void Rx() { SpinLock(a); SpinUnlock(a); }
    public static void AB() { SpinLockBh(a); ReadLock(b); ReadUnlock(b); SpinUnlockBh(a); }
    public static void BC() { ReadLockBh(b); SpinLock(c); SpinUnlock(c); ReadUnlockBh(b); }
    public static void Elsewhere() { SpinLock(c); SpinUnlock(c); }
    public static void Writer() { WriteLockBh(b); WriteUnlockBh(b); }
}
""");

        /// <summary>
        /// One finding, one diagnostic: inner is used in hardirq context and taken with hardirqs on, so
        /// LCA0002 reports its unsafe uses and its irqsave fix makes them softirq-safe too; nested under
        /// a softirq-safe lock, it gets no LCA0005 on top.
        /// </summary>
        [Fact]
        public Task InnerAlreadyReportedAsLCA0002_GetsNoLCA0005() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock outer = new(), inner = new();
    [SoftirqContext] static void Rx() { SpinLock(outer); SpinUnlock(outer); }
    [HardirqContext] static void Isr() { SpinLock(inner); SpinUnlock(inner); }
    public static void Path() { SpinLockBh(outer); {|LCA0002:SpinLock(inner)|}; SpinUnlock(inner); SpinUnlockBh(outer); }
    public static void Elsewhere() { {|LCA0002:SpinLock(inner)|}; SpinUnlock(inner); }
}
""");

        /// <summary>
        /// Readers through three calls: the table held by a reader in Path is only read in softirq
        /// context, so nothing under it is a finding, however deep; stats, written in softirq context,
        /// leads three calls down to a finding.
        /// </summary>
        [Fact]
        public Task ReadersMaskedAndChainsFound_ThroughThreeCalls() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock table = new();
    static Spinlock stats = new(), inner = new(), other = new();
    [SoftirqContext] static void Rx() { ReadLock(table); ReadUnlock(table); SpinLock(stats); SpinUnlock(stats); }
    public static void Path() { ReadLockBh(table); One(); ReadUnlockBh(table); }
    static void One() => Two();
    static void Two() => Three();
    static void Three() { SpinLock(inner); SpinUnlock(inner); }
    public static void Count() { SpinLockBh(stats); Four(); SpinUnlockBh(stats); }
    static void Four() => Five();
    static void Five() => Six();
    static void Six() { {|LCA0005:SpinLock(other)|}; SpinUnlock(other); }
    public static void Elsewhere() { SpinLock(inner); SpinUnlock(inner); SpinLock(other); SpinUnlock(other); }
}
""");
    }
}
