using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>LCA0001: a lock class used in softirq context and taken elsewhere with softirqs enabled.</summary>
    public class LCA0001SoftirqUnsafeLockTests
    {
        [Fact]
        public Task SeedIncident_RcuCallbackThreeCallsDeep_PlainSpinLockInKthread_Reports() => Verify.VerifyAsync("""
class Flow { public RcuHead Rcu = new RcuHead(); public int Refs = 1; }
static class Wit
{
    static Spinlock inodeLock = new Spinlock();
    static List<Flow> waitFree = new List<Flow>();

    public static void Init() => KthreadRun(Gc, null, "kflow_gcd");

    static int Gc(object? data)
    {
        while (!KthreadShouldStop()) { Prune(); Msleep(100); }
        return 0;
    }

    static void Prune()
    {
        {|LCA0001:SpinLock(inodeLock)|};
        waitFree.Clear();
        SpinUnlock(inodeLock);
    }

    public static void Unref(Flow f)
    {
        if (--f.Refs == 0) CallRcu(f.Rcu, Release);
    }

    static void Release(RcuHead h) => Free(h);
    static void Free(RcuHead h) => Replace(h);
    static void Replace(RcuHead h)
    {
        SpinLock(inodeLock);
        SpinUnlock(inodeLock);
    }
}
""");

        [Theory]
        [InlineData("TimerSetup(new TimerList(), t => Cb())")]
        [InlineData("TaskletSetup(new Tasklet(), t => Cb())")]
        [InlineData("NetifNapiAdd(new NapiStruct(), (n, budget) => { Cb(); return 0; })")]
        [InlineData("CallRcu(new RcuHead(), h => Cb())")]
        [InlineData("HrtimerSetup(new HrTimer(), t => { Cb(); return HrTimerRestart.NoRestart; }, HrTimerMode.RelSoft)")]
        [InlineData("HrtimerSetup(new HrTimer(), t => { Cb(); return HrTimerRestart.NoRestart; }, HrTimerMode.AbsSoft)")]
        public Task EverySoftirqRegistration_MakesTheCallbackSoftirq(string registration) => Verify.VerifyAsync($$"""
static class Driver
{
    static Spinlock l = new Spinlock();
    public static void Init() { {{registration}}; }
    static void Cb() { SpinLock(l); SpinUnlock(l); }
    public static void Syscall() { {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
}
""");

        [Fact]
        public Task SoftirqContextAttribute_MarksTheMethod() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [SoftirqContext(SoftirqVector.NetRx)] static void Rx() { SpinLock(l); SpinUnlock(l); }
    public static void Syscall() { {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
}
""");

        [Fact]
        public Task RcuCallbackAttribute_MarksTheMethod() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [RcuCallback] static void Free(RcuHead h) { SpinLock(l); SpinUnlock(l); }
    public static void Syscall() { {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
}
""");

        [Fact]
        public Task MethodGroup_LocalFunction_AndDelegateInField_AreFollowed() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock a = new Spinlock();
    static Spinlock b = new Spinlock();
    static Spinlock c = new Spinlock();
    static readonly Action<TimerList> stored = OnTimer;

    public static void Init()
    {
        TimerSetup(new TimerList(), stored);
        TaskletSetup(new Tasklet(), Local);
        Action<RcuHead> cb = h => { SpinLock(c); SpinUnlock(c); };
        CallRcu(new RcuHead(), cb);

        void Local(Tasklet t) { SpinLock(b); SpinUnlock(b); }
    }

    static void OnTimer(TimerList t) { SpinLock(a); SpinUnlock(a); }

    public static void Syscall()
    {
        {|LCA0001:SpinLock(a)|}; SpinUnlock(a);
        {|LCA0001:SpinLock(b)|}; SpinUnlock(b);
        {|LCA0001:SpinLock(c)|}; SpinUnlock(c);
    }
}
""");

        [Fact]
        public Task InterfaceCall_ThroughAStoreWithUnknownContents_ReachesEveryImplementation() => Verify.VerifyAsync("""
interface IOps { void Touch(); }
class Fast : IOps { public static Spinlock L = new Spinlock(); public void Touch() { SpinLock(L); SpinUnlock(L); } }
class Slow : IOps { public void Touch() { } }
static class Driver
{
    public static IOps ops = new Slow();   // public and writable: anything may be stored
    [SoftirqContext] static void Rx() => ops.Touch();
    public static void Syscall() { {|LCA0001:SpinLock(Fast.L)|}; SpinUnlock(Fast.L); }
}
""");

        [Fact]
        public Task InterfaceCall_ThroughAPrivateFieldOnlyEverAssignedOneType_ReachesOnlyThatType() => Verify.VerifyAsync("""
interface IOps { void Touch(); }
class Fast : IOps { public static Spinlock L = new Spinlock(); public void Touch() { SpinLock(L); SpinUnlock(L); } }
class Slow : IOps { public void Touch() { } }
static class Driver
{
    static readonly IOps ops = new Slow();
    [SoftirqContext] static void Rx() { ops.Touch(); var local = new Fast(); }
    public static void Syscall() { SpinLock(Fast.L); SpinUnlock(Fast.L); }
}
""");

        [Fact]
        public Task VirtualCall_ReachesOverrides() => Verify.VerifyAsync("""
abstract class Dev { public abstract void Poll(); }
class Nic : Dev { public static Spinlock L = new Spinlock(); public override void Poll() { SpinLock(L); SpinUnlock(L); } }
static class Driver
{
    static Dev dev = new Nic();
    [SoftirqContext] static void Rx() => dev.Poll();
    public static void Syscall() { {|LCA0001:SpinLock(Nic.L)|}; SpinUnlock(Nic.L); }
}
""");

        [Fact]
        public Task DelegateInvocation_ReachesWhatWasStored() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    static Action? hook;
    public static void Init() { hook = Touch; }
    static void Touch() { SpinLock(l); SpinUnlock(l); }
    [SoftirqContext] static void Rx() => hook?.Invoke();
    public static void Syscall() { {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
}
""");

        [Fact]
        public Task LockPassedAsParameter_BelongsToTheCallersField() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock rx = new Spinlock();
    static Spinlock cfg = new Spinlock();
    static void Take(Spinlock l) { {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
    [SoftirqContext] static void Rx() { SpinLock(rx); SpinUnlock(rx); }
    public static void Syscall() { Take(rx); }
    public static void Configure() { Take(cfg); }
}
""");

        [Fact]
        public Task HelperUsedForTwoLocks_OnlyTheSoftirqLockIsReported() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock rx = new Spinlock();
    static Spinlock cfg = new Spinlock();
    [Acquires("l")] static void Lock(Spinlock l) => SpinLock(l);
    [Releases("l")] static void Unlock(Spinlock l) => SpinUnlock(l);
    [SoftirqContext] static void Rx() { Lock(rx); Unlock(rx); }
    public static void Configure() { Lock(cfg); Unlock(cfg); }
}
""");

        [Fact]
        public Task LockThroughFieldChain_AndLocal_AndMethodResult() => Verify.VerifyAsync("""
class Inode { public Spinlock ILock = new Spinlock(); }
class Dentry { public Inode Inode = new Inode(); }
static class Driver
{
    static Dentry d = new Dentry();
    static Spinlock Get(Dentry x) => x.Inode.ILock;
    [SoftirqContext] static void Rx() { SpinLock(d.Inode.ILock); SpinUnlock(d.Inode.ILock); }
    public static void A() { var l = d.Inode.ILock; {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
    public static void B() { {|LCA0001:SpinLock(Get(d))|}; SpinUnlock(Get(d)); }
}
""");

        [Fact]
        public Task LockClassAttribute_MergesTwoFields() => Verify.VerifyAsync("""
static class Driver
{
    [LockClass("queue")] static Spinlock rxQueue = new Spinlock();
    [LockClass("queue")] static Spinlock txQueue = new Spinlock();
    [SoftirqContext] static void Rx() { SpinLock(rxQueue); SpinUnlock(rxQueue); }
    public static void Xmit() { {|LCA0001:SpinLock(txQueue)|}; SpinUnlock(txQueue); }
}
""");

        [Fact]
        public Task GuardForm_IsReportedAtTheGuard() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [SoftirqContext] static void Rx() { using (Guard.SpinLock(l)) { } }
    public static void Syscall() { using var g = {|LCA0001:Guard.SpinLock(l)|}; }
}
""");

        [Fact]
        public Task RwlockWriteInProcess_ReadInSoftirq_Reports() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock l = new Rwlock();
    [SoftirqContext] static void Rx() { ReadLock(l); ReadUnlock(l); }
    public static void Update() { {|LCA0001:WriteLock(l)|}; WriteUnlock(l); }
}
""");

        [Fact]
        public Task RwlockReadInProcess_WriteInSoftirq_Reports() => Verify.VerifyAsync("""
static class Driver
{
    static Rwlock l = new Rwlock();
    [SoftirqContext] static void Rx() { WriteLock(l); WriteUnlock(l); }
    public static void Lookup() { {|LCA0001:ReadLock(l)|}; ReadUnlock(l); }
}
""");

        [Fact]
        public Task TrylockInProcess_IsSoftirqOnToo() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [SoftirqContext] static void Rx() { SpinLock(l); SpinUnlock(l); }
    public static void Syscall() { if ({|LCA0001:SpinTrylock(l)|}) SpinUnlock(l); }
}
""");

        [Fact]
        public Task QualifiedCalls_AreRecognised() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [SoftirqContext] static void Rx() { LockContext.Kernel.SpinLock(l); Kernel.SpinUnlock(l); }
    public static void Syscall() { {|LCA0001:Kernel.SpinLock(l)|}; Kernel.SpinUnlock(l); }
}
""");

        [Fact]
        public Task ReenablingBottomHalvesWhileHolding_IsReportedAtTheEnable() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [SoftirqContext] static void Rx() { SpinLock(l); SpinUnlock(l); }
    public static void Syscall()
    {
        LocalBhDisable();
        SpinLock(l);
        {|LCA0001:LocalBhEnable()|};
        SpinUnlock(l);
    }
}
""");

        [Fact]
        public Task BranchThatDisablesOnlySometimes_StillReports() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [SoftirqContext] static void Rx() { SpinLock(l); SpinUnlock(l); }
    public static void Syscall(bool fast)
    {
        if (fast) LocalBhDisable();
        {|LCA0001:SpinLock(l)|};
        SpinUnlock(l);
        if (fast) LocalBhEnable();
    }
}
""");

        [Fact]
        public async Task UncalledMethodsOption_Unknown_AnalysesOnlyWhatRegistrationsAndAttributesReach()
        {
            var test = new Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzer>.Test
            {
                TestCode = """
static class Driver
{
    static Spinlock l = new Spinlock();
    [SoftirqContext] static void Rx() { SpinLock(l); SpinUnlock(l); }
    public static void Uncalled() { SpinLock(l); SpinUnlock(l); }
    public static void Init() => KthreadRun(d => { {|LCA0001:SpinLock(l)|}; SpinUnlock(l); return 0; }, null, "k");
}
""",
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nlock_context.uncalled_methods = unknown\n"));
            await test.RunAsync();
        }

        [Fact]
        public Task TopLevelStatements_AreAnEntry()
        {
            var test = new Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzer>.Test
            {
                TestCode = """
{|LCA0001:SpinLock(Driver.L)|};
SpinUnlock(Driver.L);

static class Driver
{
    public static Spinlock L = new Spinlock();
    [SoftirqContext] static void Rx() { SpinLock(L); SpinUnlock(L); }
}
""",
            };
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            return test.RunAsync();
        }
    }
}
