using System.Linq;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>
    /// Waiting for a callback while holding a lock it takes, as lockdep judges it: a timer's or a work
    /// item's map is held while its callback runs and taken by <c>DelTimerSync</c>/<c>FlushWork</c>,
    /// so the lock held across the wait and the lock the callback takes close a cycle through the map
    /// (LCA0004), and a wait for its own object inside the callback takes the map again (LCA0006).
    /// </summary>
    public class LCA0004WaitForCallbackTests
    {
        [Fact]
        public Task DelTimerSyncUnderTheLockItsCallbackTakes_IsACycleThroughTheTimersMap() => Verify.VerifyAsync("""
class Dev
{
    Spinlock lk = new();
    TimerList watchdog = new();
    public void Open() { TimerSetup(watchdog, Expire); ModTimer(watchdog, Jiffies + 100); }
    public void Close() { SpinLockBh(lk); {|LCA0004:DelTimerSync(watchdog)|}; SpinUnlockBh(lk); }
    void Expire(TimerList t) { {|LCA0004:SpinLock(lk)|}; SpinUnlock(lk); }
}
""");

        [Fact]
        public Task FlushWorkUnderTheMutexItsWorkTakes_IsACycleThroughTheWorksMap() => Verify.VerifyAsync("""
class Dev
{
    KernelMutex cfg = new();
    WorkStruct reset = new();
    public void Probe() { InitWork(reset, Reset); QueueWork(reset); }
    public void Remove() { MutexLock(cfg); {|LCA0004:FlushWork(reset)|}; MutexUnlock(cfg); }
    void Reset(WorkStruct w) { {|LCA0004:MutexLock(cfg)|}; MutexUnlock(cfg); }
}
""");

        [Fact]
        public Task TheWaitAndTheCallbacksLock_ThroughCallChains() => Verify.VerifyAsync("""
class Dev
{
    KernelMutex cfg = new();
    WorkStruct reset = new();
    public void Probe() { InitWork(reset, Reset); QueueWork(reset); }
    public void Remove() { MutexLock(cfg); Quiesce(); MutexUnlock(cfg); }
    void Quiesce() => {|LCA0004:FlushWork(reset)|};
    void Reset(WorkStruct w) => Reconfigure();
    void Reconfigure() { {|LCA0004:MutexLock(cfg)|}; MutexUnlock(cfg); }
}
""");

        /// <summary>
        /// A helper that takes the timer as a parameter and waits for it: each call waits for the
        /// timer it passes (Stop waits for poll, whose callback takes another lock: silent).
        /// </summary>
        [Fact]
        public Task ATimerPassedToAHelperThatWaits_IsTheOneEachCallPasses() => Verify.VerifyAsync("""
class Dev
{
    Spinlock lk = new(), stats = new();
    TimerList watchdog = new(), poll = new();
    public void Open() { TimerSetup(watchdog, Expire); TimerSetup(poll, Poll); }
    public void Close() { SpinLockBh(lk); Quiesce(watchdog); SpinUnlockBh(lk); }
    public void Stop() { SpinLockBh(lk); Quiesce(poll); SpinUnlockBh(lk); }
    static void Quiesce(TimerList t) => {|LCA0004:DelTimerSync(t)|};
    void Expire(TimerList t) { {|LCA0004:SpinLock(lk)|}; SpinUnlock(lk); }
    void Poll(TimerList t) { SpinLock(stats); SpinUnlock(stats); }
}
""");

        [Fact]
        public Task ATimerPassedToAHelper_ForATimerWhoseCallbackTakesNothingHeld_IsSilent() => Verify.VerifyAsync("""
class Dev
{
    Spinlock lk = new(), stats = new();
    TimerList watchdog = new(), poll = new();
    public void Open() { TimerSetup(watchdog, Expire); TimerSetup(poll, Poll); }
    public void Close() => Quiesce(watchdog);
    public void Stop() { SpinLockBh(lk); Quiesce(poll); SpinUnlockBh(lk); }
    static void Quiesce(TimerList t) => DelTimerSync(t);
    void Expire(TimerList t) { SpinLock(lk); SpinUnlock(lk); }
    void Poll(TimerList t) { SpinLock(stats); SpinUnlock(stats); }
}
""");

        [Fact]
        public Task AWaitForTheCallbacksOwnTimerInsideIt_TakesTheMapAgain() => Verify.VerifyAsync("""
class Dev
{
    TimerList poll = new();
    public void Open() { TimerSetup(poll, Poll); ModTimer(poll, Jiffies + 1); }
    void Poll(TimerList t) => Stop();
    void Stop() => {|LCA0006:DelTimerSync(poll)|};
}
""");

        [Fact]
        public Task TheFix_WaitAfterTheUnlock_IsSilent() => Verify.VerifyAsync("""
class Dev
{
    Spinlock lk = new();
    TimerList watchdog = new();
    public void Open() { TimerSetup(watchdog, Expire); ModTimer(watchdog, Jiffies + 100); }
    public void Close() { SpinLockBh(lk); SpinUnlockBh(lk); DelTimerSync(watchdog); }
    void Expire(TimerList t) { SpinLock(lk); SpinUnlock(lk); }
}
""");

        /// <summary>
        /// Another timer's callback, which takes another lock; a callback that only tries the held
        /// lock (a trylock waits for nothing); a work item whose function takes nothing.
        /// </summary>
        [Fact]
        public Task NearMisses_AnotherObject_AnotherLock_ATrylock() => Verify.VerifyAsync("""
class Dev
{
    Spinlock lk = new(), stats = new();
    TimerList watchdog = new(), poll = new(), probe = new();
    WorkStruct idle = new();
    public void Open()
    {
        TimerSetup(watchdog, Expire); TimerSetup(poll, Poll); TimerSetup(probe, Probe);
        InitWork(idle, Idle);
    }
    public void Close()
    {
        SpinLockBh(lk);
        DelTimerSync(poll);
        DelTimerSync(probe);
        SpinUnlockBh(lk);
        MutexLock(cfg); FlushWork(idle); MutexUnlock(cfg);
    }
    KernelMutex cfg = new();
    void Expire(TimerList t) { SpinLock(lk); SpinUnlock(lk); }
    void Poll(TimerList t) { SpinLock(stats); SpinUnlock(stats); }
    void Probe(TimerList t) { if (SpinTrylock(lk)) SpinUnlock(lk); }
    void Idle(WorkStruct w) { }
}
""");

        [Fact]
        public async Task TheMessageNamesTheMapAsLockdepDoes_AndTheRegistration()
        {
            var result = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(new[] { """
class Dev
{
    Spinlock lk = new();
    TimerList watchdog = new();
    public void Open() { TimerSetup(watchdog, Expire); }
    public void Close() { SpinLockBh(lk); DelTimerSync(watchdog); SpinUnlockBh(lk); }
    void Expire(TimerList t) { SpinLock(lk); SpinUnlock(lk); }
}
""" }));
            AnalyzerRunner.AssertSane(result);
            var atWait = result.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).First();
            Assert.Equal("Lock '(timer) Dev.watchdog' is taken while 'Dev.lk' is held in 'Close' at File0.cs:6 (process context: nothing in the compilation calls it), "
                + "but the opposite order exists too: 'Dev.lk' is taken while '(timer) Dev.watchdog' is held in 'Expire' at File0.cs:7 "
                + "(timer callback registered by TimerSetup at File0.cs:5); two CPUs taking them in opposite orders wait for each other forever", atWait.GetMessage());
            // The lock held across the wait, the callback's acquisition and the registration.
            Assert.Equal(new[] { 6, 5, 7 }, atWait.AdditionalLocations.Select(l => l.GetLineSpan().StartLinePosition.Line + 1).Distinct().ToArray());
        }

        [Fact]
        public Task FlushWorkUnderASpinlock_StillSleepsInAtomicContext() => Verify.VerifyAsync("""
class Dev
{
    Spinlock lk = new();
    WorkStruct idle = new();
    public void Probe() { InitWork(idle, Idle); }
    public void Remove() { SpinLock(lk); {|LCA0007:FlushWork(idle)|}; SpinUnlock(lk); }
    void Idle(WorkStruct w) { }
}
""");
    }
}
