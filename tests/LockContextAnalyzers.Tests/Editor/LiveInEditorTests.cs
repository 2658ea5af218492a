using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LockContextAnalyzers.Tests.Editor
{
    /// <summary>
    /// IDEs ask for one open document's semantic diagnostics and never draw compilation-end ones.
    /// These tests ask the way an IDE does.
    /// </summary>
    public class LiveInEditorTests
    {
        private const string ProcessSide = """
static class Gc
{
    public static void Init() => KthreadRun(Run, null, "kflow_gcd");
    static int Run(object? d) { Prune(); return 0; }
    static void Prune()
    {
        SpinLock(Shared.InodeLock);
        SpinUnlock(Shared.InodeLock);
    }
}
""";

        private const string SoftirqSide = """
static class Shared
{
    public static Spinlock InodeLock = new Spinlock();
    public static void Unref(RcuHead h) => CallRcu(h, Release);
    static void Release(RcuHead h) => Replace();
    static void Replace()
    {
        SpinLock(InodeLock);
        SpinUnlock(InodeLock);
    }
}
""";

        private static (Compilation Compilation, SyntaxTree Process, SyntaxTree Softirq) Build()
        {
            var process = CSharpSyntaxTree.ParseText(ProcessSide, path: "Gc.cs");
            var softirq = CSharpSyntaxTree.ParseText(SoftirqSide, path: "Shared.cs");
            var usings = CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs");
            var compilation = CSharpCompilation.Create("Driver", new[] { process, softirq, usings }, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return (compilation, process, softirq);
        }

        [Fact]
        public async Task OneOpenDocument_SemanticDiagnostics_IncludeLCA0001_WithTheOtherSideInAnotherFile()
        {
            var (compilation, process, softirq) = Build();
            var analyzers = new CompilationWithAnalyzers(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new LockContextAnalyzer()),
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));

            var diagnostics = await analyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(process), null, CancellationToken.None);

            var d = Assert.Single(diagnostics);
            Assert.Equal("LCA0001", d.Id);
            Assert.Equal("SpinLock(Shared.InodeLock)", process.GetText().ToString(d.Location.SourceSpan));
            Assert.Equal(
                "Lock 'Shared.InodeLock' is taken with softirqs enabled in 'Prune' at Gc.cs:7 (via Run -> Prune; kernel thread registered by KthreadRun at Gc.cs:3), " +
                "and is also taken in softirq context in 'Replace' at Shared.cs:8 (via Release -> Replace; RCU callback registered by CallRcu at Shared.cs:4): " +
                "a softirq that interrupts the holder on this CPU spins on it forever",
                d.GetMessage());
            // the softirq acquisition, the CallRcu registration, the kernel thread's entry
            Assert.Equal(
                new[] { "Shared.cs:SpinLock(InodeLock)", "Shared.cs:CallRcu(h, Release)", "Gc.cs:Run" },
                d.AdditionalLocations.Select(l => l.SourceTree!.FilePath + ":" + l.SourceTree.GetText().ToString(l.SourceSpan)));

            Assert.Empty(await analyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(softirq), null, CancellationToken.None));
        }

        [Fact]
        public async Task TheAnalyzerRegistersNoCompilationEndAction()
        {
            var (compilation, _, _) = Build();
            var analyzer = new LockContextAnalyzer();
            var analyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer),
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, true, logAnalyzerExecutionTime: true));
            var all = await analyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            Assert.Single(all);
            var telemetry = await analyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            Assert.Equal(0, telemetry.CompilationEndActionsCount);
            Assert.Equal(1, telemetry.SemanticModelActionsCount);
            Assert.DoesNotContain(LockContextAnalyzer.Descriptors(), d => d.CustomTags.Contains(WellKnownDiagnosticTags.CompilationEnd));
        }
    }
}
