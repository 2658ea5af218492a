using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Conformance
{
    /// <summary>lockdep's verdicts on taking a class twice, from Documentation/locking/lockdep-design.rst.</summary>
    public class LCA0006LockdepConformanceTests
    {
        /// <summary>"The same lock-class must not be acquired twice, because this could lead to lock recursion deadlocks."</summary>
        [Fact]
        public Task MultiLockDependencyRules_SameClassTwice() => Verify.VerifyAsync("""
sealed class Conn
{
    public readonly Spinlock Lock = new();
    public static void Both(Conn a, Conn b) { SpinLock(a.Lock); {|LCA0006:SpinLock(b.Lock)|}; SpinUnlock(b.Lock); SpinUnlock(a.Lock); }
}
""");

        /// <summary>
        /// "Recursive read locks": TASK A read_lock(X); TASK B write_lock(X); TASK A read_lock(X) "is not a
        /// deadlock for recursive read locks, as while the task B is waiting for the lock X, the second
        /// read_lock() doesn't need to wait".
        /// </summary>
        [Fact]
        public Task RecursiveReadLocks_ReadInsideRead_IsNotADeadlock() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock x = new();
    public static void TaskA() { ReadLock(x); ReadLock(x); ReadUnlock(x); ReadUnlock(x); }
    public static void TaskB() { WriteLock(x); WriteUnlock(x); }
}
""");

        /// <summary>Block condition matrix: "Writers block both recursive readers and non-recursive readers", the writer's own CPU too.</summary>
        [Fact]
        public Task BlockConditions_ReadInsideWrite_IsADeadlock() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock x = new();
    public static void Task() { WriteLock(x); {|LCA0006:ReadLock(x)|}; ReadUnlock(x); WriteUnlock(x); }
}
""");
    }
}
