using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Conformance
{
    /// <summary>
    /// lockdep's verdicts on its single-lock state rules, as Documentation/locking/lockdep-design.rst
    /// ("Single-lock state rules", "State") states them; each test names the sentence it checks.
    /// LCA0001 is the softirq half, LCA0002 the hardirq half.
    /// </summary>
    public class LCA0002LockdepConformanceTests
    {
        /// <summary>"<hardirq-safe> or <hardirq-unsafe>": a lock used in hardirq context and acquired with irqs enabled.</summary>
        [Fact]
        public Task SingleLockStateRules_HardirqSafeAndHardirqUnsafe_AreExclusive() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    [HardirqContext] static void Isr() { SpinLock(l); SpinUnlock(l); }
    public static void Syscall() { {|LCA0002:SpinLock(l)|}; SpinUnlock(l); }
}
""");

        /// <summary>"<softirq-safe> or <softirq-unsafe>": the seed's deadlock.</summary>
        [Fact]
        public Task SingleLockStateRules_SoftirqSafeAndSoftirqUnsafe_AreExclusive() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    [SoftirqContext] static void Rx() { SpinLock(l); SpinUnlock(l); }
    public static void Syscall() { {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
}
""");

        /// <summary>
        /// "A softirq-unsafe lock-class is automatically hardirq-unsafe as well": the plain acquisition
        /// is both, so a lock used in hardirq context is LCA0002 there (one finding per site); and a
        /// softirq runs with hardirqs enabled, so the softirq's own plain acquisition is hardirq-unsafe.
        /// </summary>
        [Fact]
        public Task SingleLockStateRules_SoftirqUnsafe_IsAlsoHardirqUnsafe() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    [HardirqContext] static void Isr() { SpinLock(l); SpinUnlock(l); }
    [SoftirqContext] static void Rx() { {|LCA0002:SpinLock(l)|}; SpinUnlock(l); }
    public static void Syscall() { {|LCA0002:SpinLock(l)|}; SpinUnlock(l); }
}
""");

        /// <summary>
        /// "State": the usage string {-.-.}, "acquired in irq context" and "acquired while irqs disabled
        /// and not in irq context", for hardirq and softirq alike: no rule is broken.
        /// </summary>
        [Fact]
        public Task State_AcquiredInIrqContext_AndElsewhereWithIrqsDisabled_IsConsistent() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new();
    [HardirqContext] static void Isr() { SpinLock(l); SpinUnlock(l); }
    [SoftirqContext] static void Rx() { var f = SpinLockIrqSave(l); SpinUnlockIrqRestore(l, f); }
    public static void Syscall() { var f = SpinLockIrqSave(l); SpinUnlockIrqRestore(l, f); }
}
""");

        /// <summary>
        /// "ever held as readlock in STATE context" and "ever held as readlock with STATE enabled" are
        /// usages of their own: two reads never exclude each other (readers nest), a read and a write do.
        /// </summary>
        [Fact]
        public Task State_ReadlockUsages_OnlyConflictWithAWriteOpposite() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock readers = new(), mixed = new();
    [HardirqContext] static void Isr() { ReadLock(readers); ReadUnlock(readers); ReadLock(mixed); ReadUnlock(mixed); }
    public static void Reader() { ReadLock(readers); ReadUnlock(readers); }
    public static void Writer() { {|LCA0002:WriteLock(mixed)|}; WriteUnlock(mixed); }
}
""");
    }
}
