using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockContextAnalyzers.Tests.CrossAssembly
{
    /// <summary>
    /// The seed's deadlock split over two assemblies: a library (Core) and a driver that references
    /// it. The library alone is silent; the driver's build reports at its own call into the library,
    /// whether it sees Core as a built reference assembly (dotnet build, a package) or as the live
    /// compilation an IDE hands over.
    /// </summary>
    public class CrossAssemblyTests
    {
        internal const string Core = """
            namespace Core
            {
                public class FlowTable
                {
                    private readonly Spinlock _lock = new Spinlock();
                    private readonly TimerList timer = new TimerList();

                    public void Start()
                    {
                        TimerSetup(timer, Expire);
                        ModTimer(timer, Jiffies + 10);
                    }

                    private void Expire(TimerList t) => Insert(0);

                    public void Insert(int key)
                    {
                        SpinLock(_lock);
                        SpinUnlock(_lock);
                    }
                }

                public class Stats
                {
                    private readonly Spinlock _lock = new Spinlock();

                    public int Count() { SpinLock(_lock); SpinUnlock(_lock); return 0; }

                    public int Read() { SpinLock(_lock); SpinUnlock(_lock); return 0; }
                }
            }
            """;

        private const string Driver = """
            static class Driver
            {
                static readonly Core.FlowTable table = new Core.FlowTable();
                static readonly Core.Stats stats = new Core.Stats();

                public static void Init()
                {
                    KthreadRun(_ => { {|#0:table.Insert(1)|}; return 0; }, null, "kflowd");
                }

                public static void Unref(RcuHead h) => CallRcu(h, Release);

                static void Release(RcuHead h) { {|#1:stats.Count()|}; }
            }
            """;

        [Fact]
        public async Task BuiltReference_ReportsAtTheDriversCalls()
        {
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = Driver };
            test.TestState.AdditionalReferences.Add(LibraryBuild.Reference("Core", Core));
            // The library's sites are additional locations as the library recorded them.
            test.ExpectedDiagnostics.Add(new DiagnosticResult("LCA0001", DiagnosticSeverity.Warning).WithLocation(0)
                .WithSpan("Lib0.cs", 18, 13, 18, 13).WithSpan("Lib0.cs", 10, 13, 10, 13).WithSpan("/0/Test1.cs", 8, 20, 8, 21).WithArguments(
                "FlowTable._lock", "is taken with softirqs enabled",
                "'FlowTable.Insert (Core)' at Lib0.cs:18 (via lambda in Init -> FlowTable.Insert (Core); kernel thread registered by KthreadRun at Test1.cs:8)",
                "'FlowTable.Expire (Core)' at Lib0.cs:18 (timer callback registered by TimerSetup at Lib0.cs:10)"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("LCA0001", DiagnosticSeverity.Warning).WithLocation(1)
                .WithSpan("Lib0.cs", 27, 30, 27, 30).WithSpan("/0/Test1.cs", 11, 44, 11, 63).WithSpan("Lib0.cs", 27, 20, 27, 20).WithArguments(
                "Stats._lock", "is taken with softirqs enabled",
                "'Stats.Count (Core)' at Lib0.cs:27 (process context: nothing in Core calls it)",
                "'Stats.Count (Core)' at Lib0.cs:27 (via Release -> Stats.Count (Core); RCU callback registered by CallRcu at Test1.cs:11)"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task LiveProjectReference_AsAnIdeHasIt_ReportsTheSame()
        {
            // An IDE hands the referencing project the library's compilation, not a built assembly.
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = Driver };
            var core = test.TestState.AdditionalProjects["Core"];
            core.AdditionalReferences.AddRange(TestReferences.All);
            core.Sources.Add(("/Core/FlowTable.cs", Core));
            core.Sources.Add(("/Core/Usings.cs", TestReferences.GlobalUsings));
            test.TestState.AdditionalProjectReferences.Add("Core");
            test.ExpectedDiagnostics.Add(new DiagnosticResult("LCA0001", DiagnosticSeverity.Warning).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("LCA0001", DiagnosticSeverity.Warning).WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task NearMisses_BhOffAroundTheCall_AndNoSoftirqUse_StaySilent()
        {
            const string driver = """
                static class Driver
                {
                    static readonly Core.FlowTable table = new Core.FlowTable();
                    static readonly Core.Stats stats = new Core.Stats();

                    public static void Init()
                    {
                        KthreadRun(_ =>
                        {
                            LocalBhDisable();
                            table.Insert(1);
                            LocalBhEnable();
                            stats.Count();
                            return 0;
                        }, null, "kflowd");
                    }
                }
                """;
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = driver };
            test.TestState.AdditionalReferences.Add(LibraryBuild.Reference("Core", Core));
            await test.RunAsync(CancellationToken.None);
        }

        private const string Dev = """
            namespace Core
            {
                public class Dev
                {
                    public readonly Spinlock Lock = new Spinlock();
                    private readonly Spinlock _inner = new Spinlock();

                    public void Poke() { SpinLock(_inner); SpinUnlock(_inner); }

                    public void Both() { SpinLock(_inner); SpinLock(Lock); SpinUnlock(Lock); SpinUnlock(_inner); }

                    public void Flush() => Msleep(1);
                }

                public class Notifier
                {
                    private readonly TimerList timer = new TimerList();

                    public void OnTick(Action<TimerList> callback) => TimerSetup(timer, callback);
                }
            }
            """;

        [Fact]
        public async Task LockOrder_ThroughALibraryCall_ReportedAtTheCall_WithTheLibrarysPublicLockAsOneClass()
        {
            const string driver = """
                static class Driver
                {
                    static readonly Core.Dev dev = new Core.Dev();

                    public static void Init()
                    {
                        SpinLock(dev.Lock);
                        {|#0:dev.Poke()|};
                        SpinUnlock(dev.Lock);
                    }
                }
                """;
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = driver };
            test.TestState.AdditionalReferences.Add(LibraryBuild.Reference("Core", Dev));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("LCA0004", DiagnosticSeverity.Warning).WithLocation(0)
                .WithSpan("Lib0.cs", 8, 30, 8, 30).WithSpan("/0/Test1.cs", 7, 9, 7, 27).WithSpan("Lib0.cs", 10, 30, 10, 30).WithSpan("Lib0.cs", 10, 48, 10, 48).WithArguments(
                "Dev._inner", "Dev.Lock", "'Init' at Lib0.cs:8 (through Dev.Poke (Core); process context: nothing in the compilation calls it)",
                "'Dev.Lock' is taken while 'Dev._inner' is held in 'Dev.Both (Core)' at Lib0.cs:10 (process context: nothing in Core calls it)"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Sleeping_InALibraryCall_UnderALockHeldHere()
        {
            const string driver = """
                static class Driver
                {
                    static readonly Spinlock MyLock = new Spinlock();
                    static readonly Core.Dev dev = new Core.Dev();

                    public static void Init()
                    {
                        SpinLock(MyLock);
                        {|LCA0007:dev.Flush()|};
                        SpinUnlock(MyLock);
                        dev.Flush();
                    }
                }
                """;
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = driver };
            test.TestState.AdditionalReferences.Add(LibraryBuild.Reference("Core", Dev));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task ACallbackHandedToTheLibrary_RunsInTheContextTheLibraryRegistersItIn()
        {
            const string driver = """
                static class Driver
                {
                    static readonly Spinlock MyLock = new Spinlock();
                    static readonly Core.Notifier notifier = new Core.Notifier();

                    public static void Init() => notifier.OnTick(t => { SpinLock(MyLock); SpinUnlock(MyLock); });

                    public static void Work()
                    {
                        {|LCA0001:SpinLock(MyLock)|};
                        SpinUnlock(MyLock);
                    }
                }
                """;
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test { TestCode = driver };
            test.TestState.AdditionalReferences.Add(LibraryBuild.Reference("Core", Dev));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task ThreeAssemblies_TheMiddleOnesFactsCarryTheCoresSites()
        {
            // Driver -> Mid -> Core: Mid's facts flatten Core's acquisition into Service.Total. The
            // softirq half is the driver's (an RCU callback), the process half Mid's and Core's
            // own uncalled public methods: reported at the driver's call.
            const string mid = """
                namespace Mid
                {
                    public class Service
                    {
                        private readonly Core.Stats stats = new Core.Stats();
                        public int Total() => stats.Count();
                    }
                }
                """;
            var core = LibraryBuild.Reference("Core", Core);
            var midImage = LibraryBuild.Emit("Mid", new[] { mid }, out _, core);
            var test = new CSharpAnalyzerVerifier<LockContextAnalyzer>.Test
            {
                TestCode = """
                    static class Driver
                    {
                        static readonly Mid.Service service = new Mid.Service();

                        public static void Unref(RcuHead h) => CallRcu(h, Release);

                        static void Release(RcuHead h) { {|#0:service.Total()|}; }
                    }
                    """,
            };
            test.TestState.AdditionalReferences.Add(core);
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromImage(midImage));
            test.ExpectedDiagnostics.Add(new DiagnosticResult("LCA0001", DiagnosticSeverity.Warning).WithLocation(0)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithMessage(null));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task TheLibraryAlone_IsSilent()
        {
            await CSharpAnalyzerVerifier<LockContextAnalyzer>.VerifyAsync(Core);
        }

        [Fact]
        public void TheGenerator_RecordsOnlyWhatCallersNeed_Deterministically()
        {
            LibraryBuild.Emit("Core", new[] { Core }, out var first);
            LibraryBuild.Emit("Core", new[] { Core }, out var second);
            var text = LibraryBuild.FactsText(first);
            Assert.NotNull(text);
            Assert.Equal(text, LibraryBuild.FactsText(second));
            var facts = LockContextAnalyzers.CrossAssembly.FactsText.Read(text!);
            Assert.NotNull(facts);
            Assert.Equal("Core", facts!.Assembly);
            Assert.Equal(new[] { "FlowTable.Insert", "Stats.Count", "Stats.Read", "FlowTable.Expire" }, facts.Methods.Select(m => m.Name));
            Assert.Equal(LockContextAnalyzers.CrossAssembly.FactsText.Write(facts), text);
            Assert.Null(LockContextAnalyzers.CrossAssembly.FactsText.Read(text!.Replace("LCF" + LockContextAnalyzers.CrossAssembly.LibraryFacts.FormatVersion, "LCF9")));
            Assert.Null(LockContextAnalyzers.CrossAssembly.FactsText.Read(text.Substring(0, text.Length / 2) + "\tjunk"));
        }
    }
}
