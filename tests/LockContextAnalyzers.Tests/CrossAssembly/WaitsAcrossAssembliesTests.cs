using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Xunit;

namespace LockContextAnalyzers.Tests.CrossAssembly
{
    /// <summary>
    /// Waits for callbacks across an assembly boundary: a library method that waits for its own
    /// timer (recorded as a wait, taking the timer's map), and the library's timer callback, which
    /// holds that map while it takes the library's lock (recorded with its entry). A referencing
    /// project that calls the waiting method with that lock held closes the cycle.
    /// </summary>
    public class WaitsAcrossAssembliesTests
    {
        private const string Core = """
            namespace Core
            {
                public class Dev
                {
                    public readonly Spinlock Lk = new Spinlock();
                    private readonly TimerList watchdog = new TimerList();

                    public void Open() { TimerSetup(watchdog, Expire); ModTimer(watchdog, Jiffies + 100); }
                    public void StopWatchdog() => DelTimerSync(watchdog);
                    private void Expire(TimerList t) { SpinLock(Lk); SpinUnlock(Lk); }
                }

                public static class Timers
                {
                    public static void Quiesce(TimerList t) => DelTimerSync(t);
                }
            }
            """;

        private static Task Verify(string driver)
        {
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = driver };
            test.TestState.AdditionalReferences.Add(LibraryBuild.Reference("Core", Core));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task CallingTheLibrarysWaitWithTheLockItsCallbackTakes_IsACycle() => Verify("""
            static class Driver
            {
                static readonly Core.Dev dev = new Core.Dev();

                public static void Close()
                {
                    SpinLockBh(dev.Lk);
                    {|LCA0004:dev.StopWatchdog()|};
                    SpinUnlockBh(dev.Lk);
                }
            }
            """);

        /// <summary>The library's helper waits for whatever timer it is passed: here one of the referencing project's.</summary>
        [Fact]
        public Task ALibraryHelperWaitingForTheTimerItIsPassed_WaitsForThisProjectsTimer() => Verify("""
            class Mine
            {
                readonly Spinlock lk = new Spinlock();
                readonly TimerList tick = new TimerList();

                public void Open() => TimerSetup(tick, Tick);
                void Tick(TimerList t) { {|LCA0004:SpinLock(lk)|}; SpinUnlock(lk); }

                public void Close()
                {
                    SpinLockBh(lk);
                    {|LCA0004:Core.Timers.Quiesce(tick)|};
                    SpinUnlockBh(lk);
                }
            }
            """);

        [Fact]
        public Task TheWaitAfterTheUnlock_IsSilent() => Verify("""
            static class Driver
            {
                static readonly Core.Dev dev = new Core.Dev();
                static readonly Spinlock Mine = new Spinlock();

                public static void Close()
                {
                    SpinLockBh(dev.Lk);
                    SpinUnlockBh(dev.Lk);
                    SpinLockBh(Mine);
                    dev.StopWatchdog();
                    SpinUnlockBh(Mine);
                }
            }
            """);

        [Fact]
        public void TheLibrarysFacts_RecordTheWaitAndTheCallbacksMap()
        {
            LibraryBuild.Emit("Core", new[] { Core }, out var withGenerated);
            var text = LibraryBuild.FactsText(withGenerated)!;
            var facts = LockContextAnalyzers.CrossAssembly.FactsText.Read(text)!;
            var stop = Assert.Single(facts.Methods, m => m.Name == "Dev.StopWatchdog");
            var wait = Assert.Single(stop.Acquisitions);
            Assert.True(wait.IsWait);
            Assert.Equal("(timer) Dev.watchdog", wait.ClassName);
            var expire = Assert.Single(facts.Entries, e => facts.Methods[e.Method].Name == "Dev.Expire");
            Assert.Equal("(timer) Dev.watchdog", Assert.Single(expire.Maps).Name);
        }
    }
}
