using System.Linq;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockContextAnalyzers.Tests.Incremental
{
    /// <summary>
    /// Trees are bound and walked on several threads (ModelBuilder); what a message names must
    /// not depend on which thread finished first.
    /// </summary>
    public class ParallelSummariesTests
    {
        private const int SoftirqFiles = 24;

        private static Compilation Build()
        {
            var trees = Enumerable.Range(0, SoftirqFiles).Select(i => CSharpSyntaxTree.ParseText($@"
static class Rcu{i}
{{
    public static void Unref(RcuHead h) => CallRcu(h, Release);
    static void Release(RcuHead h) {{ for (int k = 0; k < {i}; k++) Shared.Count++; Shared.Replace(); }}
}}", path: $"Rcu{i}.cs")).ToList();
            trees.Insert(0, CSharpSyntaxTree.ParseText("""
static class Shared
{
    public static Spinlock InodeLock = new Spinlock();
    public static int Count;
    public static void Init() => KthreadRun(Run, null, "kflow_gcd");
    static int Run(object? d) { Replace(); return 0; }
    public static void Replace()
    {
        SpinLock(InodeLock);
        SpinUnlock(InodeLock);
    }
}
""", path: "Shared.cs"));
            trees.Add(CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs"));
            var compilation = CSharpCompilation.Create("Parallel", trees, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return compilation;
        }

        [Fact]
        public void Summaries_AreIndexedInTreeOrder()
        {
            var compilation = Build();
            var api = KernelApi.TryCreate(compilation)!;
            var treeOrder = compilation.SyntaxTrees.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
            for (int round = 0; round < 5; round++)
            {
                var index = ModelBuilder.Summarize(compilation, api, default);
                var order = index.Summaries.Select(s => treeOrder[s.Location.SourceTree!]).ToList();
                Assert.Equal(order.OrderBy(i => i), order);
                Assert.Equal(2 * SoftirqFiles + 4, index.Summaries.Count); // 2 per Rcu file; Init, Run, Replace and the static constructor
            }
        }

        [Fact]
        public void Findings_AreTheSameEveryTime_AndNameTheFirstSoftirqSideInTreeOrder()
        {
            var compilation = Build();
            var api = KernelApi.TryCreate(compilation)!;
            var shared = compilation.SyntaxTrees.First();
            string? first = null;
            for (int round = 0; round < 5; round++)
            {
                var findings = CompilationFindings.Compute(compilation, api, AnalysisOptions.Default, default).In(shared);
                var text = string.Join("\n", findings.Select(d => d.Id + " " + d.GetMessage() + " " + string.Join(",", d.AdditionalLocations.Select(l => l.GetLineSpan().Path))));
                first ??= text;
                Assert.Equal(first, text);
            }
            Assert.Contains("LCA0001", first);
            Assert.Contains("Rcu0.cs", first);
        }

        // Summaries are shared by the analyses of an IDE's snapshots, which may run at once; each
        // call graph keeps its positions in a slot on the summary, and another graph can take it.
        [Fact]
        public void CallGraph_AnswersForItsOwnAnalysis_AfterAnotherTookTheSummaries()
        {
            var compilation = Build();
            var index = ModelBuilder.Summarize(compilation, KernelApi.TryCreate(compilation)!, default);
            var summaries = index.Summaries;
            var mine = new Interprocedural.CallGraph(summaries, index, default);
            string Describe(Interprocedural.CallGraph graph) => string.Join("\n", summaries.Select(s =>
                $"{s.DisplayName}: calls {string.Join(",", graph.CalleesOf(s).SelectMany(t => t).Select(t => t.DisplayName))}; " +
                $"called by {string.Join(",", graph.CallersOf(s).Select(c => c.Caller.DisplayName))}; at {graph.OrdinalOf(s)}"));
            string before = Describe(mine);
            Assert.Contains("Replace: calls ; called by Run,Release,Release,", before);
            Assert.Contains("Run: calls Replace; called by ; at 2", before);

            var theirs = new Interprocedural.CallGraph(summaries.Reverse().ToList(), index, default); // other positions
            Assert.Equal(0, theirs.OrdinalOf(summaries[summaries.Count - 1]));
            Assert.Equal(before, Describe(mine));
        }

        [Fact]
        public void AnalysesOfOneCompilationAtOnce_GiveTheFindingsOfOneAlone()
        {
            var compilation = Build();
            var api = KernelApi.TryCreate(compilation)!;
            string Findings() => string.Join("\n", compilation.SyntaxTrees.SelectMany(t => CompilationFindings.Compute(compilation, api, AnalysisOptions.Default, default).In(t))
                .Select(d => d.Id + " " + d.GetMessage() + " " + d.Location.GetLineSpan()));
            string alone = Findings();
            Assert.Contains("LCA0001", alone);
            for (int round = 0; round < 3; round++)
            {
                var atOnce = new string[4];
                System.Threading.Tasks.Parallel.For(0, atOnce.Length, i => atOnce[i] = Findings());
                Assert.All(atOnce, text => Assert.Equal(alone, text));
            }
        }
    }
}
