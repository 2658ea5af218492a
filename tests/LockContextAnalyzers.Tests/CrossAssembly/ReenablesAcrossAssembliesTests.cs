using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Xunit;

namespace LockContextAnalyzers.Tests.CrossAssembly
{
    /// <summary>
    /// A library method that turns hardirqs back on whatever its caller had (an <c>_irq</c> unlock
    /// of its own lock): a lock the caller took with irqsave and still holds is then held with
    /// hardirqs on, as lockdep marks every held lock.
    /// </summary>
    public class ReenablesAcrossAssembliesTests
    {
        private const string Core = """
            namespace Core
            {
                public class Queue
                {
                    private readonly Spinlock _q = new Spinlock();

                    public void Flush() { SpinLockIrq(_q); SpinUnlockIrq(_q); }

                    public void FlushSaved() { var f = SpinLockIrqSave(_q); SpinUnlockIrqRestore(_q, f); }
                }

                public class Dev
                {
                    public readonly Spinlock Lock = new Spinlock();
                    private readonly Queue queue = new Queue();

                    // Holds Lock (taken with irqs off) across a call that turns them back on.
                    public void Reset()
                    {
                        var f = SpinLockIrqSave(Lock);
                        queue.Flush();
                        SpinUnlockIrqRestore(Lock, f);
                    }
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
        public Task TheLibraryHoldsItsPublicLockWithIrqsOn_AHandlerHereTakesIt() => Verify("""
            static class Driver
            {
                static readonly Core.Dev dev = new Core.Dev();

                public static void Init() => RequestIrq(9, (i, d) => { {|LCA0002:SpinLock(dev.Lock)|}; SpinUnlock(dev.Lock); return IrqReturn.Handled; }, "nic", null);
            }
            """);

        [Fact]
        public Task AnIrqUnlockInTheLibrary_UnderAnIrqsaveLockHeldHere() => Verify("""
            static class Driver
            {
                static readonly Spinlock Ring = new Spinlock();
                static readonly Core.Queue queue = new Core.Queue();

                public static void Init() => RequestIrq(9, (i, d) => { SpinLock(Ring); SpinUnlock(Ring); return IrqReturn.Handled; }, "nic", null);

                public static void Xmit()
                {
                    var f = SpinLockIrqSave(Ring);
                    {|LCA0002:queue.Flush()|};
                    SpinUnlockIrqRestore(Ring, f);
                }

                // The irqsave form puts back what it found: irqs stay off.
                public static void XmitSaved()
                {
                    var f = SpinLockIrqSave(Ring);
                    queue.FlushSaved();
                    SpinUnlockIrqRestore(Ring, f);
                }
            }
            """);
    }
}
