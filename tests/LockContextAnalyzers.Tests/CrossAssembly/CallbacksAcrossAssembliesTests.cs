using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Xunit;

namespace LockContextAnalyzers.Tests.CrossAssembly
{
    /// <summary>
    /// A library that runs the caller's callback under its own lock (a notifier chain, a locked
    /// iteration) and a library method with a context attribute: what the referencing project's
    /// code runs under, and the calls that contradict the attribute.
    /// </summary>
    public class CallbacksAcrossAssembliesTests
    {
        private const string Chain = """
            namespace Core
            {
                public class Chain
                {
                    private readonly Spinlock _lock = new Spinlock();

                    public void ForEach(Action<int> visit)
                    {
                        SpinLockBh(_lock);
                        visit(1);
                        SpinUnlockBh(_lock);
                    }

                    public void Locked(Action body)
                    {
                        SpinLock(_lock);
                        body();
                        SpinUnlock(_lock);
                    }

                    public void Touch() { SpinLock(_lock); SpinUnlock(_lock); }
                }

                public abstract class NetDriver
                {
                    private readonly Spinlock _lock = new Spinlock();

                    public void Poll()
                    {
                        SpinLockBh(_lock);
                        OnPacket();
                        SpinUnlockBh(_lock);
                    }

                    protected abstract void OnPacket();
                }

                public class Rx
                {
                    private readonly Spinlock _ring = new Spinlock();

                    [SoftirqContext]
                    public void OnRx() { SpinLock(_ring); SpinUnlock(_ring); }
                }
            }
            """;

        private static Task Verify(string driver)
        {
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = driver };
            test.TestState.AdditionalReferences.Add(LibraryBuild.Reference("Core", Chain));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task ACallbackTheLibraryRunsUnderItsSpinlock_MustNotSleep() => Verify("""
            static class Driver
            {
                static readonly Core.Chain chain = new Core.Chain();

                public static void Flush()
                {
                    {|LCA0007:chain.Locked(() => Msleep(1))|};
                    Msleep(1);
                }
            }
            """);

        [Fact]
        public Task ACallbackTakingALockUnderTheLibrarysLock_OrdersTheTwo() => Verify("""
            static class Driver
            {
                static readonly Spinlock Mine = new Spinlock();
                static readonly Core.Chain chain = new Core.Chain();

                public static void Walk() => chain.Locked(TakeMine);

                static void TakeMine()
                {
                    {|LCA0004:SpinLock(Mine)|};
                    SpinUnlock(Mine);
                }

                public static void Other()
                {
                    SpinLock(Mine);
                    {|LCA0004:chain.Touch()|};
                    SpinUnlock(Mine);
                }
            }
            """);

        [Fact]
        public Task ACallbackRunsWithTheBhStateTheLibraryHolds() => Verify("""
            static class Driver
            {
                static readonly Spinlock Stats = new Spinlock();
                static readonly Core.Chain chain = new Core.Chain();

                public static void Unref(RcuHead h) => CallRcu(h, Release);
                static void Release(RcuHead h) { SpinLock(Stats); SpinUnlock(Stats); }

                // Under the library's SpinLockBh: bottom halves are off, no softirq can interrupt.
                public static void Count() => chain.ForEach(v => { SpinLock(Stats); SpinUnlock(Stats); });

                // Under its plain SpinLock: they are on.
                public static void Reset() => chain.Locked(() => { {|LCA0001:SpinLock(Stats)|}; SpinUnlock(Stats); });
            }
            """);

        [Fact]
        public Task AnOverrideTheLibraryCallsUnderItsLock_RunsInThatState() => Verify("""
            sealed class MyDriver : Core.NetDriver
            {
                static readonly Spinlock Stats = new Spinlock();

                protected override void OnPacket() { SpinLock(Stats); SpinUnlock(Stats); Msleep(1); }

                public static void Unref(RcuHead h) => CallRcu(h, Release);
                static void Release(RcuHead h) { SpinLock(Stats); SpinUnlock(Stats); }
            }

            static class Driver
            {
                static readonly MyDriver d = new MyDriver();

                // Poll holds its spinlock with bh off around OnPacket: the override must not sleep
                // there, and its SpinLock(Stats) is safe from softirqs.
                public static void Start() { {|LCA0007:d.Poll()|}; }
            }
            """);

        [Fact]
        public Task ALibraryMethodsContextAttribute_IsCheckedAtTheCallsHere() => Verify("""
            static class Driver
            {
                static readonly Core.Rx rx = new Core.Rx();

                public static void Start() => KthreadRun(_ => { {|LCA0009:rx.OnRx()|}; return 0; }, null, "rx");

                public static void Poll() => TaskletSetup(new Tasklet(), _ => rx.OnRx());
            }
            """);
    }
}
