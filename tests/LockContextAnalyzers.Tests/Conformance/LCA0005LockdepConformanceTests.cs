using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Conformance
{
    /// <summary>
    /// lockdep's verdicts on irq-safe -> irq-unsafe, from Documentation/locking/lockdep-design.rst
    /// ("Multi-lock dependency rules") and kernel/locking/lockdep.c (check_irq_usage, exclusive_mask,
    /// usage_accumulate/usage_match and their only_xr masking). The analysis sees every use at once,
    /// so the four "when a lock-class changes its state" checks give one verdict whatever the order.
    /// </summary>
    public class LCA0005LockdepConformanceTests
    {
        /// <summary>"&lt;hardirq-safe&gt; -&gt; &lt;hardirq-unsafe&gt;": "a hardirq-safe lock could be taken by a hardirq context, interrupting a hardirq-unsafe lock".</summary>
        [Fact]
        public Task MultiLockDependencyRules_HardirqSafeToHardirqUnsafe() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock safe = new(), unsafeLock = new();
    [HardirqContext] static void Isr() { SpinLock(safe); SpinUnlock(safe); }
    public static void Nest() { var f = SpinLockIrqSave(safe); {|LCA0005:SpinLock(unsafeLock)|}; SpinUnlock(unsafeLock); SpinUnlockIrqRestore(safe, f); }
    public static void Elsewhere() { SpinLockBh(unsafeLock); SpinUnlockBh(unsafeLock); }
}
""");

        /// <summary>"&lt;softirq-safe&gt; -&gt; &lt;softirq-unsafe&gt;": "a softirq-safe lock could be taken by an softirq context, interrupting a softirq-unsafe lock".</summary>
        [Fact]
        public Task MultiLockDependencyRules_SoftirqSafeToSoftirqUnsafe() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock safe = new(), unsafeLock = new();
    [SoftirqContext] static void Rx() { SpinLock(safe); SpinUnlock(safe); }
    public static void Nest() { SpinLockBh(safe); {|LCA0005:SpinLock(unsafeLock)|}; SpinUnlock(unsafeLock); SpinUnlockBh(safe); }
    public static void Elsewhere() { SpinLock(unsafeLock); SpinUnlock(unsafeLock); }
}
""");

        /// <summary>
        /// "if a new hardirq-safe lock is discovered, we check whether it took any hardirq-unsafe lock in
        /// the past": the nesting is written before the interrupt use, in another file; same verdict.
        /// </summary>
        [Fact]
        public Task StateChange_SafeDiscoveredAfterTheDependency_SameVerdict() => Verify.VerifyAsync("""
static partial class Driver
{
    static Spinlock safe = new(), unsafeLock = new();
    public static void Nest() { var f = SpinLockIrqSave(safe); {|LCA0005:SpinLock(unsafeLock)|}; SpinUnlock(unsafeLock); SpinUnlockIrqRestore(safe, f); }
    public static void Elsewhere() { SpinLockBh(unsafeLock); SpinUnlockBh(unsafeLock); }
}
""", """
static partial class Driver
{
    [HardirqContext] static void Isr() { SpinLock(safe); SpinUnlock(safe); }
}
""");

        /// <summary>
        /// check_irq_usage searches backwards from the held lock and forwards from the new one through
        /// the whole graph: safe -> middle -> unsafeLock, middle neither safe nor unsafe.
        /// </summary>
        [Fact]
        public Task CheckIrqUsage_SearchesTheWholeGraph() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock safe = new(), middle = new(), unsafeLock = new();
    [SoftirqContext] static void Rx() { SpinLock(safe); SpinUnlock(safe); }
    public static void One() { SpinLockBh(safe); SpinLock(middle); SpinUnlock(middle); SpinUnlockBh(safe); }
    public static void Two() { SpinLockBh(middle); {|LCA0005:SpinLock(unsafeLock)|}; SpinUnlock(unsafeLock); SpinUnlockBh(middle); }
    public static void Elsewhere() { SpinLock(unsafeLock); SpinUnlock(unsafeLock); }
}
""");

        /// <summary>
        /// exclusive_mask's own example: P1 with irqs disabled write_lock(l1); write_lock(l2); P2 with irqs
        /// enabled read_lock(l2), and in irq read_lock(l1). "l1 will be marked as
        /// LOCK_USED_IN_IRQ_HARDIRQ_READ and l2 will marked as LOCK_ENABLE_IRQ_HARDIRQ_READ, and this is a
        /// possible deadlock": both ends are taken by writers in the dependency, so read uses count.
        /// </summary>
        [Fact]
        public Task ExclusiveMask_ReadUsesAtBothEnds_OfAWriterDependency_IsADeadlock() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock l1 = new(), l2 = new();
    [HardirqContext] static void Irq() { ReadLock(l1); ReadUnlock(l1); }
    public static void P1() { var f = WriteLockIrqSave(l1); {|LCA0005:WriteLock(l2)|}; WriteUnlock(l2); WriteUnlockIrqRestore(l1, f); }
    public static void P2() { ReadLock(l2); ReadUnlock(l2); }
}
""");

        /// <summary>
        /// usage_accumulate with only_xr: the held lock is held by a reader (read != 0 at the root of the
        /// backward search), so only its write uses in irq context make it irq-safe.
        /// </summary>
        [Fact]
        public Task OnlyXr_HeldByAReader_ReadOnlyInIrq_IsNotSafe() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock l1 = new();
    static Spinlock l2 = new();
    [HardirqContext] static void Irq() { ReadLock(l1); ReadUnlock(l1); }
    public static void P1() { var f = ReadLockIrqSave(l1); SpinLock(l2); SpinUnlock(l2); ReadUnlockIrqRestore(l1, f); }
    public static void P2() { SpinLock(l2); SpinUnlock(l2); }
}
""");

        /// <summary>
        /// usage_match with only_xr: the new lock is taken by a recursive reader (read == 2 at the root of
        /// the forward search), so only its write uses with irqs enabled make it irq-unsafe.
        /// </summary>
        [Fact]
        public Task OnlyXr_TakenByARecursiveReader_ReadOnlyWithIrqsOn_IsNotUnsafe() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l1 = new();
    static Rwlock l2 = new();
    [HardirqContext] static void Irq() { SpinLock(l1); SpinUnlock(l1); }
    public static void P1() { var f = SpinLockIrqSave(l1); ReadLock(l2); ReadUnlock(l2); SpinUnlockIrqRestore(l1, f); }
    public static void P2() { ReadLock(l2); ReadUnlock(l2); }
    public static void P3() { var f = WriteLockIrqSave(l2); WriteUnlockIrqRestore(l2, f); }
}
""");
    }
}
