using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>Bottom halves turned back on by a callee while the caller holds a softirq-used lock taken with them off.</summary>
    public class LCA0001ReenableInCalleeTests
    {
        /// <summary>
        /// Drop() undoes the caller's SpinLockBh with a bare LocalBhEnable: softirqs run with stats
        /// held, and the RCU callback that takes stats spins on this CPU.
        /// </summary>
        [Fact]
        public Task BhEnabledInACallee_UndoingTheCallersDisable() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock stats = new();
    [SoftirqContext] static void Rx() { SpinLock(stats); SpinUnlock(stats); }
    public static void Path() { SpinLockBh(stats); Flush(); SpinUnlockBh(stats); }
    static void Flush() => Drop();
    static void Drop() { {|LCA0001:LocalBhEnable()|}; LocalBhDisable(); }
}
""");

        /// <summary>
        /// Near misses: the callee's own disable/enable pair nests inside the caller's (bh stays off);
        /// the enable undoes the middle method's own disable, not the caller's; the lock is not softirq-used.
        /// </summary>
        [Fact]
        public Task NearMisses_NestedPair_UndoesAnInnerDisable_LockNotSoftirqUsed() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock stats = new(), quiet = new();
    [SoftirqContext] static void Rx() { SpinLock(stats); SpinUnlock(stats); }
    public static void Path() { SpinLockBh(stats); Nested(); Middle(); SpinUnlockBh(stats); }
    static void Nested() { LocalBhDisable(); LocalBhEnable(); }
    static void Middle() { LocalBhDisable(); Drop(); LocalBhEnable(); }
    static void Drop() { LocalBhEnable(); LocalBhDisable(); }
    public static void Quiet() { SpinLockBh(quiet); Drop(); SpinUnlockBh(quiet); }
}
""");
    }
}
