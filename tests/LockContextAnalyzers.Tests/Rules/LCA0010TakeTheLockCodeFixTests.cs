using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<LockContextAnalyzers.LockContextAnalyzer, LockContextAnalyzers.CodeFixes.LCA0010TakeTheLockCodeFix>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>"Take the lock": a guard around the statement, in the variant the lock's interrupt use asks for, only where one method can do it alone.</summary>
    public class LCA0010TakeTheLockCodeFixTests
    {
        [Fact]
        public Task SoftirqUsedLock_IsTakenWithBhOff() => Verify.VerifyFixAsync("""
sealed class Stats
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int count;
    [SoftirqContext] void Rx() { SpinLock(lk); count++; SpinUnlock(lk); }
    public void Reset()
    {
        {|LCA0010:count|} = 0;
    }
}
""", """
sealed class Stats
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int count;
    [SoftirqContext] void Rx() { SpinLock(lk); count++; SpinUnlock(lk); }
    public void Reset()
    {
        using (Guard.SpinLockBh(lk))
        {
            count = 0;
        }
    }
}
""");

        [Fact]
        public Task ReadOfRwlockData_TakesTheReadSide() => Verify.VerifyFixAsync("""
sealed class Table
{
    readonly Rwlock rw = new();
    [GuardedBy("rw")] int size;
    public int Peek()
    {
        return {|LCA0010:size|};
    }
}
""", """
sealed class Table
{
    readonly Rwlock rw = new();
    [GuardedBy("rw")] int size;
    public int Peek()
    {
        using (Guard.ReadLock(rw))
        {
            return size;
        }
    }
}
""");

        /// <summary>Not offered: another lock held there, a caller holding one, a declaration, another object's data.</summary>
        [Fact]
        public Task NotOffered_WhereOneMethodCannotDoItAlone() => Verify.VerifyFixAsync(Source, Source);

        private const string Source = """
sealed class Stats
{
    readonly Spinlock lk = new(), other = new();
    [GuardedBy("lk")] int count;
    public void Nested() { SpinLock(other); {|LCA0010:count|}++; SpinUnlock(other); }
    public void Caller() { SpinLock(other); Inner(); SpinUnlock(other); }
    void Inner() { {|LCA0010:count|}++; }
    public int Declared() { int c = {|LCA0010:count|}; return c; }
    public static void Other(Stats s) { {|LCA0010:s.count|}++; }
}
""";
    }
}
