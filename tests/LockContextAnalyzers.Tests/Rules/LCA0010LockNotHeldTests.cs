using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    public class LCA0010LockNotHeldTests
    {
        [Fact]
        public Task GuardedField_ReadAndWrittenWithoutItsLock() => Verify.VerifyAsync("""
sealed class Stats
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int count;
    [GuardedBy("lk")] int Max { get; set; }
    public void Bump() { {|LCA0010:count|}++; }
    public int Read() => {|LCA0010:count|};
    public void SetMax(int m) { {|LCA0010:Max|} = m; }
    public void Add(int n) { {|LCA0010:count|} += n; }
    public void Reset() => Clear(ref {|LCA0010:count|});
    static void Clear(ref int x) => x = 0;
}
""");

        /// <summary>A read lock is enough to read, not to write.</summary>
        [Fact]
        public Task ReadLock_ReadsButDoesNotWrite() => Verify.VerifyAsync("""
sealed class Table
{
    readonly Rwlock rw = new();
    [GuardedBy("rw")] int size;
    public int Read() { ReadLock(rw); int s = size; ReadUnlock(rw); return s; }
    public void WriteUnderRead() { ReadLock(rw); {|LCA0010:size|} = 1; ReadUnlock(rw); }
    public void Write() { WriteLock(rw); size = 2; WriteUnlock(rw); }
}
""");

        /// <summary>Every caller holding the lock is enough; one caller without it is reported at the access, through that caller.</summary>
        [Fact]
        public Task Callers_EveryOneHoldsIt_OrOneDoesNot() => Verify.VerifyAsync("""
sealed class Stats
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int count, other;
    public void A() { SpinLock(lk); Helper(); Fine(); SpinUnlock(lk); }
    public void B() { Step(); }
    void Step() => Helper();
    void Helper() { {|LCA0010:count|} = 3; }
    public void C() { using (Guard.SpinLockBh(lk)) Fine(); }
    void Fine() { other = 4; }
}
""");

        [Fact]
        public async Task Message_NamesTheLock_TheCallerChain_AndTheAttribute()
        {
            var compilation = Verifiers.AnalyzerRunner.Compile(new[] { """
sealed class Stats
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int count;
    public void A() { SpinLock(lk); Helper(); SpinUnlock(lk); }
    public void B() => Helper();
    void Helper() { count = 3; }
}
""" });
            var d = Assert.Single((await Verifiers.AnalyzerRunner.RunAsync(compilation)).Diagnostics);
            Assert.Equal(
                "'Stats.count' is written without lock 'Stats.lk' held exclusively in 'Helper' at File0.cs:7 (reached without it via B -> Helper)"
                + ": its [GuardedBy] at File0.cs:4 names that lock, and another CPU can change the data in the middle of this access",
                d.GetMessage());
            Assert.Equal(new[] { 4, 6 }, d.AdditionalLocations.Select(l => l.GetLineSpan().StartLinePosition.Line + 1));
        }

        /// <summary>Constructors initialize their own object without the lock; [MustHold] methods are judged with it held.</summary>
        [Fact]
        public Task NearMisses_Constructor_MustHold_StaticLock_OwnerPath() => Verify.VerifyAsync("""
sealed class Dev
{
    public readonly Spinlock Lock = new();
}
sealed class Stats
{
    static readonly Spinlock global = new();
    readonly Spinlock lk = new();
    readonly Dev owner = new();
    [GuardedBy("lk")] int count;
    [GuardedBy("Stats.global")] static int total;
    [GuardedBy("owner.Lock")] int state;
    public Stats() { count = 1; }
    [MustHold("lk")] void Locked() { count = 2; }
    public void Call() { SpinLock(lk); Locked(); SpinUnlock(lk); }
    public static void Total() { SpinLock(global); total++; SpinUnlock(global); }
    public void State() { SpinLock(owner.Lock); state = 1; SpinUnlock(owner.Lock); }
    public void BadState() { {|LCA0010:state|} = 2; }
}
""");

        [Fact]
        public Task RcuUpdates_AndAsserts() => Verify.VerifyAsync("""
sealed class Route { }
static class Routes
{
    static readonly Spinlock update = new();
    [GuardedBy("update")] static RcuPointer<Route> head = new();
    static RcuPointer<Route> unguarded = new();
    public static void Publish(Route r) { SpinLock(update); RcuAssignPointer(head, r); SpinUnlock(update); }
    public static void BadPublish(Route r) { {|LCA0010:RcuAssignPointer(head, r)|}; RcuAssignPointer(unguarded, r); }
    public static Route? Replace(Route r) { SpinLock(update); var old = RcuReplacePointer(head, r, update); SpinUnlock(update); return old; }
    public static Route? BadReplace(Route r) => {|LCA0010:RcuReplacePointer(head, r, update)|};
    public static Route? BadProtected() => {|LCA0010:RcuDereferenceProtected(head, update)|};
    public static void Assert() { {|LCA0010:LockdepAssertHeld(update)|}; }
    public static void AssertOk() { SpinLock(update); LockdepAssertHeld(update); SpinUnlock(update); }
}
""");

        /// <summary>A [MustHold] method's body counts on its callers: each call is checked, through the callers' callers too.</summary>
        [Fact]
        public Task MustHold_CallersAreChecked() => Verify.VerifyAsync("""
sealed class Stats
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int count;
    [MustHold("lk")] void Clear() { count = 0; }
    [MustHold("lk")] void ClearTwice() { Clear(); Clear(); }
    public void Good() { SpinLock(lk); ClearTwice(); SpinUnlock(lk); }
    public void Bad() { {|LCA0010:Clear()|}; }
    public void Outer() { SpinLock(lk); Middle(); SpinUnlock(lk); }
    void Middle() => Clear();
}
""");

        /// <summary>[AcquiresWhen]: the lock is held on the branch where the wrapper returned that value, and only there.</summary>
        [Fact]
        public Task AcquiresWhen_HeldOnTheBranchWhereTheWrapperReturnedThatValue() => Verify.VerifyAsync("""
sealed class Dev
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int state;
    [AcquiresWhen(true, "lk")] bool TryBusy() => SpinTrylock(lk);
    [AcquiresWhen(false, "lk")] bool Skip() => !SpinTrylock(lk);
    public void Good() { if (TryBusy()) { state = 1; SpinUnlock(lk); } }
    public void Good2() { if (!Skip()) { state = 2; SpinUnlock(lk); } }
    public void Kept() { bool ok = TryBusy(); if (ok) { state = 4; SpinUnlock(lk); } }
    public void Bad() { if (!TryBusy()) { {|LCA0010:state|} = 3; } else SpinUnlock(lk); }
}
""");

        /// <summary>Field initializers and a property's initializer run before the object is shared: exempt, as constructors are.</summary>
        [Fact]
        public Task NearMisses_Initializers() => Verify.VerifyAsync("""
sealed class Stats
{
    static readonly Spinlock global = new();
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int count = 5;
    [GuardedBy("lk")] int Max { get; set; } = 7;
    [GuardedBy("Stats.global")] static int total = 1;
    [GuardedBy("lk")] int[] slots = new int[4];
    static Stats() { total = 2; }
    public Stats(int n) { count = n; this.Max = n; }
}
""");

        /// <summary>The held lock must be the same object's: a.lk held does not protect b.state (as Clang compares lock expressions).</summary>
        [Fact]
        public Task AnotherObjectsLock_DoesNotProtect() => Verify.VerifyAsync("""
sealed class Conn
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int state;
    public static void Swap(Conn a, Conn b) { SpinLock(a.lk); {|LCA0010:b.state|} = 1; a.state = 2; SpinUnlock(a.lk); }
    public void Self() { SpinLock(lk); state = 3; SpinUnlock(lk); }
    public void ThisExplicit() { SpinLock(this.lk); this.state = 4; SpinUnlock(this.lk); }
    public void ThroughALocal() { var me = this; SpinLock(me.lk); state = 5; SpinUnlock(me.lk); }
    public void Peer(Conn other) { SpinLock(other.lk); {|LCA0010:state|} = 6; other.state = 7; SpinUnlock(other.lk); }
}
""");

        /// <summary>Shapes of real code that hold the lock: another type's static data under its static lock, a generic type, a scoped guard declaration, a lambda callback, a delegate, an accessor every caller locks.</summary>
        [Fact]
        public Task NearMisses_RealShapes() => Verify.VerifyAsync("""
static class Table
{
    public static readonly Spinlock lk = new();
    [GuardedBy("lk")] public static int Count;
}
sealed class Cache<T> where T : class
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] T? last;
    public void Put(T v) { using var g = Guard.SpinLockBh(lk); last = v; }
}
sealed class Dev
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int max;
    int Max { get => max; set => max = value; }
    public void Init() { TimerSetup(new TimerList(), _ => { SpinLock(lk); Bump(); SpinUnlock(lk); }); }
    void Bump() => max++;
    public void Run() { Action a = Touch; SpinLockBh(lk); a(); Max = Max + 1; SpinUnlockBh(lk); }
    void Touch() { max = 0; }
}
static class User
{
    public static void Add() { SpinLock(Table.lk); Table.Count++; SpinUnlock(Table.lk); }
}
""");
    }
}
