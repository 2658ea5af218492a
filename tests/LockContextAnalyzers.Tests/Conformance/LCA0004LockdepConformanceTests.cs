using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Conformance
{
    /// <summary>
    /// lockdep's verdicts on lock order, from Documentation/locking/lockdep-design.rst ("Multi-lock
    /// dependency rules", "Recursive read locks", "Dependency types and strong dependency paths",
    /// "Recursive Read Deadlock Detection"). The model's <c>ReadLock</c> is a recursive reader (R):
    /// it waits only for a writer that holds the lock, never for one that waits.
    /// </summary>
    public class LCA0004LockdepConformanceTests
    {
        /// <summary>"two locks can not be taken in inverse order: &lt;L1&gt; -&gt; &lt;L2&gt;, &lt;L2&gt; -&gt; &lt;L1&gt;".</summary>
        [Fact]
        public Task MultiLockDependencyRules_InverseOrder() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l1 = new(), l2 = new();
    public static void One() { SpinLock(l1); {|LCA0004:SpinLock(l2)|}; SpinUnlock(l2); SpinUnlock(l1); }
    public static void Two() { SpinLock(l2); {|LCA0004:SpinLock(l1)|}; SpinUnlock(l1); SpinUnlock(l2); }
}
""");

        /// <summary>
        /// "The validator will find such dependency circle in arbitrary complexity, i.e., there can be
        /// any other locking sequence between the acquire-lock operations".
        /// </summary>
        [Fact]
        public Task MultiLockDependencyRules_CircleOfArbitraryComplexity() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l1 = new(), l2 = new(), l3 = new(), other = new();
    public static void One() { SpinLock(l1); SpinLock(other); SpinUnlock(other); Deeper(); SpinUnlock(l1); }
    static void Deeper() { {|LCA0004:SpinLock(l2)|}; SpinUnlock(l2); }
    public static void Two() { SpinLock(l2); SpinLock(other); SpinUnlock(other); {|LCA0004:SpinLock(l3)|}; SpinUnlock(l3); SpinUnlock(l2); }
    public static void Three() { SpinLock(l3); {|LCA0004:SpinLock(l1)|}; SpinUnlock(l1); SpinUnlock(l3); }
}
""");

        /// <summary>
        /// "A deadlock case with recursive locks involved": TASK A read_lock(X); write_lock(Y) and TASK B
        /// read_lock(Y); write_lock(X). "Task A is waiting for task B to read_unlock() Y and task B is
        /// waiting for task A to read_unlock() X."
        /// </summary>
        [Fact]
        public Task RecursiveReadLocks_ReadersHeldWhileWritersWanted_IsADeadlock() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock x = new(), y = new();
    public static void TaskA() { ReadLock(x); {|LCA0004:WriteLock(y)|}; WriteUnlock(y); ReadUnlock(x); }
    public static void TaskB() { ReadLock(y); {|LCA0004:WriteLock(x)|}; WriteUnlock(x); ReadUnlock(y); }
}
""");

        /// <summary>"Recursive locks don't block each other": read_lock(X); read_lock(Y) against read_lock(Y); read_lock(X).</summary>
        [Fact]
        public Task RecursiveReadLocks_DontBlockEachOther() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock x = new(), y = new();
    public static void TaskA() { ReadLock(x); ReadLock(y); ReadUnlock(y); ReadUnlock(x); }
    public static void TaskB() { ReadLock(y); ReadLock(x); ReadUnlock(x); ReadUnlock(y); }
    public static void Writers() { WriteLock(x); WriteUnlock(x); WriteLock(y); WriteUnlock(y); }
}
""");

        /// <summary>
        /// "given two locks, they may have multiple dependencies between them": read_lock(X); write_lock(Y)
        /// and write_lock(X); write_lock(Y) give X -(SN)-> Y and X -(EN)-> Y, and no circle.
        /// </summary>
        [Fact]
        public Task DependencyTypes_TwoDependenciesBetweenTwoLocks_AreNoCircle() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock x = new(), y = new();
    public static void TaskA() { ReadLock(x); WriteLock(y); WriteUnlock(y); ReadUnlock(x); }
    public static void TaskB() { WriteLock(x); WriteLock(y); WriteUnlock(y); WriteUnlock(x); }
}
""");

        /// <summary>
        /// "a strong path ... doesn't have two conjunct edges (dependencies) as -(xR)-> and -(Sx)->":
        /// X -(ER)-> Y -(SN)-> X, where Y is taken by a recursive reader and then held by a reader, is
        /// a circle that is not strong (Lemma 2: no deadlock), even with Y written elsewhere.
        /// </summary>
        [Fact]
        public Task StrongPaths_ACircleWithXRThenSX_IsNotStrong() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock x = new();
    static Rwlock y = new();
    public static void One() { SpinLock(x); ReadLock(y); ReadUnlock(y); SpinUnlock(x); }
    public static void Two() { ReadLock(y); SpinLock(x); SpinUnlock(x); ReadUnlock(y); }
    public static void Writer() { WriteLock(y); WriteUnlock(y); }
}
""");

        /// <summary>
        /// Lemma 1: "If there is a closed strong path (i.e. a strong circle), then there is a combination
        /// of locking sequences that causes deadlock": L1 -(EN)-> L2 -(SN)-> L3 -(ER)-> L1 is strong at every
        /// lock (L2 is taken by a writer, L1 held by a writer after its reader).
        /// </summary>
        [Fact]
        public Task RecursiveReadDeadlockDetection_StrongCircleOfThree_IsADeadlock() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l1 = new(), l3 = new();
    static Rwlock l2 = new();
    public static void One() { SpinLock(l1); {|LCA0004:WriteLock(l2)|}; WriteUnlock(l2); SpinUnlock(l1); }
    public static void Two() { ReadLock(l2); {|LCA0004:SpinLock(l3)|}; SpinUnlock(l3); ReadUnlock(l2); }
    public static void Three() { SpinLock(l3); {|LCA0004:SpinLock(l1)|}; SpinUnlock(l1); SpinUnlock(l3); }
}
""");
    }
}
