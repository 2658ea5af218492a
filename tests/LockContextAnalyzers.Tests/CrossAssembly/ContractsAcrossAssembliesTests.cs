using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Xunit;

namespace LockContextAnalyzers.Tests.CrossAssembly
{
    /// <summary>
    /// What a library declares rather than does: a <c>[LockClass]</c> name is one class in every
    /// assembly, and <c>[MustHold]</c> / <c>[GuardedBy]</c> on its public members bind the
    /// referencing project's calls and accesses (metadata keeps the attributes).
    /// </summary>
    public class ContractsAcrossAssembliesTests
    {
        private const string Net = """
            namespace Net
            {
                public class Device
                {
                    [LockClass("rtnl")] private readonly Spinlock rtnl = new Spinlock();
                    private readonly TimerList watchdog = new TimerList();

                    public readonly Spinlock Lock = new Spinlock();
                    [GuardedBy("Lock")] public int Mtu;

                    public void Start() => TimerSetup(watchdog, Watch);

                    private void Watch(TimerList t) { SpinLock(rtnl); SpinUnlock(rtnl); }

                    [MustHold("Lock")]
                    public void SetMtuLocked(int mtu) => Mtu = mtu;

                    [Acquires("Lock")]
                    public void Begin() => SpinLock(Lock);

                    [Releases("Lock")]
                    public void End() => SpinUnlock(Lock);
                }
            }
            """;

        [Fact]
        public async Task ALockClassName_IsOneClassAcrossAssemblies()
        {
            const string driver = """
                static class Driver
                {
                    [LockClass("rtnl")] static readonly Spinlock Rtnl = new Spinlock();

                    public static void Configure()
                    {
                        {|LCA0001:SpinLock(Rtnl)|};
                        SpinUnlock(Rtnl);
                    }
                }
                """;
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = driver };
            test.TestState.AdditionalReferences.Add(LibraryBuild.Reference("Net", Net));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task AcquiresAndReleases_OnTheLibrarysMethods_HoldTheLockBetweenTheCalls()
        {
            const string driver = """
                static class Driver
                {
                    static readonly Net.Device dev = new Net.Device();

                    public static void Configure()
                    {
                        dev.Begin();
                        {|LCA0007:Msleep(1)|};
                        dev.Mtu = 9000;
                        dev.End();
                        Msleep(1);
                    }
                }
                """;
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = driver };
            test.TestState.AdditionalReferences.Add(LibraryBuild.Reference("Net", Net));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task MustHoldAndGuardedBy_OnTheLibrarysPublicMembers_BindTheCaller()
        {
            const string driver = """
                static class Driver
                {
                    static readonly Net.Device dev = new Net.Device();

                    public static void Configure()
                    {
                        {|LCA0010:dev.SetMtuLocked(1500)|};
                        {|LCA0010:dev.Mtu|} = 9000;
                        SpinLock(dev.Lock);
                        dev.SetMtuLocked(1500);
                        dev.Mtu = 9000;
                        SpinUnlock(dev.Lock);
                    }
                }
                """;
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = driver };
            test.TestState.AdditionalReferences.Add(LibraryBuild.Reference("Net", Net));
            await test.RunAsync(CancellationToken.None);
        }
    }
}
