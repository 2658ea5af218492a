using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Relevance;
using LockContextAnalyzers.Tests.Differential;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LockContextAnalyzers.Tests.Relevance
{
    /// <summary>
    /// Only the bodies that can matter are bound (RelevantBodies); the findings must be exactly
    /// those of binding every body: same IDs, places, messages and additional locations.
    /// </summary>
    public class RelevanceTests
    {
        // Ordinary code beside the model, as most of a real project is: none of it can matter.
        internal const string Ordinary = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            public sealed record Order(int Id, string Customer, decimal Amount);
            public sealed class Orders
            {
                private readonly Dictionary<int, Order> orders = new();
                private readonly List<string> log = new();
                public int Top(int x) { var top = orders.Values.Where(o => o.Amount > x).Select(o => o.Customer).ToList(); log.AddRange(top); return top.Count; }
                public string Dump() { var sb = new StringBuilder(); foreach (var o in orders.Values) sb.Append($"{o.Id}:{o.Customer};"); return sb.ToString(); }
                public int Groups() => orders.Values.GroupBy(o => o.Customer).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount)).Count;
                public int Count { get; set; }
                public int Size() => log.Count(); // a method, though a property named Count exists
            }
            """;

        private static (string Findings, int Relevant, int Bodies) Analyse(Compilation compilation, bool everyBody)
        {
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var api = KernelApi.TryCreate(compilation)!;
            var findings = CompilationFindings.Compute(compilation, api, AnalysisOptions.Default, default, everyBody);
            var relevance = ModelBuilder.RelevanceOf(compilation, api, default);
            var trees = compilation.SyntaxTrees.ToList();
            int relevant = trees.Select((t, i) => relevance.Of(i).Count(b => b)).Sum();
            int bodies = trees.Select((t, i) => relevance.Of(i).Length).Sum();
            string Where(Location l) => $"{l.SourceTree?.FilePath}@{l.SourceSpan}";
            string text = string.Join("\n", trees.SelectMany(t => findings.In(t))
                .Select(d => $"{d.Id} {Where(d.Location)} [{string.Join(", ", d.AdditionalLocations.Select(Where))}] {d.GetMessage()}"));
            return (text, relevant, bodies);
        }

        [Fact]
        public void RandomPrograms_BesideOrdinaryCode_FindTheSameAsBindingEveryBody()
        {
            int pruned = 0, withFindings = 0;
            for (int seed = 1; seed <= 120; seed++)
            {
                var program = new ProgramGenerator(seed).Generate();
                var compilation = AnalyzerRunner.Compile(new[] { program, Ordinary });
                var all = Analyse(compilation, everyBody: true);
                var some = Analyse(compilation, everyBody: false);
                Assert.Equal(all.Findings, some.Findings);
                pruned += some.Bodies - some.Relevant;
                withFindings += all.Findings.Length > 0 ? 1 : 0;
            }
            Assert.True(withFindings > 60, "the programs should have findings to compare");
            // Six bodies of ordinary code per program: two initializers and four methods.
            Assert.True(pruned >= 120 * 6, $"the ordinary code should not be bound ({pruned} bodies left out)");
        }

        [Fact]
        public void AProjectThatNeverWritesTheNamespace_IsSkipped_OneThatDoes_IsNot()
        {
            var without = AnalyzerRunner.Compile(new[] { Ordinary, "static class SpinLockUser { static void SpinLock() { } }" }, withUsings: false);
            Assert.False(CompilationFindings.MentionsTheModel(without, default));
            // In the last file, past the first chunk of its text, as a global using.
            var with = without.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
                new string(' ', 9000) + "global using static LockContext.Kernel;", path: "Last.cs"));
            Assert.True(CompilationFindings.MentionsTheModel(with, default));
        }

        /// <summary>
        /// An edit inside a body that writes no new name leaves every tree's names as they were: the
        /// answer is the earlier compilation's (the same arrays). One that makes an ordinary body
        /// name the model is answered anew, that body bound, and finds what a fresh analysis finds.
        /// </summary>
        [Fact]
        public void AnEditThatKeepsEveryName_ReusesTheAnswer_OneThatNamesTheModel_IsAnsweredAnew()
        {
            var compilation = (Compilation)AnalyzerRunner.Compile(new[] { Driver, Ordinary });
            var api = KernelApi.TryCreate(compilation)!;
            CompilationFindings.Compute(compilation, api, AnalysisOptions.Default, default);
            var before = ModelBuilder.RelevanceOf(compilation, api, default);

            var same = Edit(compilation, "return top.Count;", "return top.Count + 1;");
            CompilationFindings.Compute(same, api, AnalysisOptions.Default, default);
            var kept = ModelBuilder.RelevanceOf(same, api, default);
            Assert.Same(before.Of(1), kept.Of(1));

            var named = Edit(same, "public int Size() => log.Count();", "public int Size() { SpinLock(D.L); SpinUnlock(D.L); return log.Count(); }");
            var renewed = ModelBuilder.RelevanceOf(named, api, default);
            Assert.NotSame(kept.Of(1), renewed.Of(1));
            // Size, and what it shares with others (the field it reads, and the bodies that store into it).
            Assert.True(renewed.Of(1).Count(b => b) > kept.Of(1).Count(b => b));
            var fresh = AnalyzerRunner.Compile(named.SyntaxTrees.Take(2).Select(t => t.GetText().ToString()));
            Assert.Contains("LCA0001 File1.cs", Analyse(named, everyBody: false).Findings);
            Assert.Equal(Analyse(fresh, everyBody: false).Findings, Analyse(named, everyBody: false).Findings);
        }

        private static Compilation Edit(Compilation compilation, string from, string to)
        {
            var tree = compilation.SyntaxTrees.ElementAt(1);
            var text = tree.GetText().ToString();
            Assert.Contains(from, text);
            return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(from, to))));
        }

        private const string Driver = """
            public static class D
            {
                public static Spinlock L = new Spinlock();
                public static void Init() => TimerSetup(new TimerList(), t => { SpinLock(L); SpinUnlock(L); });
            }
            """;

        // Each case reaches a lock through a body that names nothing of the model and no relevant
        // member by name; the full analysis follows it (the message's call chain names it).
        public static IEnumerable<object[]> HiddenPaths() => new[]
        {
            new object[] { "derived constructor", "Derived constructor", """
                public class Base { public Base() { SpinLock(D.L); SpinUnlock(D.L); } }
                public class Derived : Base { public Derived() { System.Console.WriteLine(); } }
                public static class Sys { public static void Call() { var o = new Derived(); } }
                """ },
            new object[] { "foreach", "Sum", """
                public sealed class Bag { public Walker GetEnumerator() => new Walker(); }
                public struct Walker { public int Current => 0; public bool MoveNext() { SpinLock(D.L); SpinUnlock(D.L); return false; } }
                public static class Sys { public static int Sum(Bag b) { int s = 0; foreach (var x in b) s += x; return s; } public static void Call() => Sum(new Bag()); }
                """ },
            new object[] { "delegate parameter", "Run", """
                public static class Runner { public static void Run(System.Action a) { a(); } }
                public static class Sys { public static void Call() => Runner.Run(() => { SpinLock(D.L); SpinUnlock(D.L); }); }
                """ },
            new object[] { "indexer", "Get", """
                public sealed class Table { public int this[int i] { get { SpinLock(D.L); SpinUnlock(D.L); return i; } } }
                public static class Sys { public static int Get(Table t) => t[0]; public static void Call() => Get(new Table()); }
                """ },
            new object[] { "store narrowed by its assignments", "Poke", """
                public interface IOps { void Touch(); }
                public sealed class Quiet : IOps { public void Touch() { } }
                public sealed class Loud : IOps { public void Touch() { SpinLock(D.L); SpinUnlock(D.L); } }
                public static class Sys
                {
                    private static IOps ops = new Quiet();
                    public static void Swap() { ops = new Loud(); }
                    public static void Poke() { ops.Touch(); }
                }
                """ },
            new object[] { "delegate field", "Raise", """
                public static class Bus { public static System.Action? Changed; public static void Raise() { Changed?.Invoke(); } }
                public static class Sys { public static void Hook() { Bus.Changed = () => { SpinLock(D.L); SpinUnlock(D.L); }; } }
                """ },
        };

        [Theory]
        [MemberData(nameof(HiddenPaths))]
        public void ReachedWithoutItsName_IsStillBound(string shape, string through, string source)
        {
            var compilation = AnalyzerRunner.Compile(new[] { Driver, source, Ordinary });
            var all = Analyse(compilation, everyBody: true);
            var some = Analyse(compilation, everyBody: false);
            Assert.Contains("LCA0001", all.Findings);
            Assert.True(all.Findings.Contains(through), $"{shape}: the full analysis should reach the lock through '{through}':\n{all.Findings}");
            Assert.Equal(all.Findings, some.Findings);
            Assert.True(some.Relevant < some.Bodies, $"{shape}: the ordinary code should not be bound");
        }
    }
}
