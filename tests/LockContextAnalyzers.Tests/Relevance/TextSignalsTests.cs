using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Relevance;
using LockContextAnalyzers.Tests.Differential;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockContextAnalyzers.Tests.Relevance
{
    /// <summary>
    /// A tree's text stands for its bodies until they are read (TextSignals): every signal must be
    /// a superset of what reading the syntax gives, and the propagation that reads lazily must
    /// answer what reading every tree first answers.
    /// </summary>
    public class TextSignalsTests
    {
        // Each line is a place where text and syntax part ways: comments and directives between a
        // name and its call, delegates called by every syntax there is, constructs that call members
        // unnamed, literals, verbatim and Unicode identifiers.
        private const string Tricky = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            public record Point(int X, int Y);
            public sealed class Tricky
            {
                private Action? field;
                public Action Prop { get; set; } = () => { };
                public Func<int> Value { set { var x = value; x(); } }
                public void Commented(Action f) { f /* why */ (); }
                public void LineCommented(Action f) { f // why
                    (); }
                public void Directive(Action f) { f
            #if DEBUG
                    ();
            #else
                    ();
            #endif
                }
                public void Wrapped(Func<Action> f) { var g = f()
                    ; g
                    (); }
                public void Parenthesized(Action f) { ((Action)f)(); }
                public void Chained(Func<Action> f) { f()(); }
                public void Indexed(Action[] fs) { fs[0](); }
                public void Bang(Action? f) { f!(); }
                public void Invoked(Action? f) { f?.Invoke(); field?.Invoke(); Prop(); }
                public void Generic(Func<int, int> f) { f(1); Make<int>(); }
                public static T Make<T>() where T : new() => new T();
                public int Deconstructs(Point p) { var (a, b) = p; (a, b) = (b, a); return a + b; }
                public int Patterns(object o) => o switch { Point(1, 2) => 1, Point { X: (3) } => 2, _ => o is Point(var x, _) ? x : 0 };
                public int Loops(List<(int, int)> l) { int s = 0; foreach (var (a, b) in l) s += a * b; return s; }
                public async System.Threading.Tasks.Task<int> Awaits() { await using var d = new Disp(); using var e = new Disp(); await System.Threading.Tasks.Task.Yield(); return 1; }
                public int Query(int[] xs) => (from x in xs where x > 1 select x).Count();
                public List<int> Collections() { List<int> a = new() { 1, 2 }; List<int> b = [3, 4]; var c = new List<int> { 5 }; return a.Concat(b).Concat(c).ToList(); }
                public int Elements(int[] xs) => xs[^1] + xs[1..2].Length;
                public string Interpolated(int x) => $"{x} {Name(x)}" + @$"{x}" + "http://host/" + Name(x);
                public unsafe int Fixed(int[] xs) { fixed (int* p = xs) { return *p; } }
                public Point With(Point p) => p with { X = 1 };
                public int Verbatim(int @class) => @class + @Verbatim(1);
                public int π(int δ) => δ + π(δ);
                public int Literal() { return "abc"u8.Length + nameof(Literal).Length; }
                public int CountBoth(List<int> l) => l.Count + l.Count();
                public new string ToString() => base.ToString() ?? "";
                private static string Name(int x) => x.ToString();
            }
            public sealed class Disp : IDisposable, IAsyncDisposable
            {
                public void Dispose() { }
                public System.Threading.Tasks.ValueTask DisposeAsync() => default;
            }
            """;

        private static IEnumerable<string[]> Programs()
        {
            yield return new[] { Tricky };
            for (int seed = 1; seed <= 60; seed++)
                yield return new[] { new ProgramGenerator(seed).Generate(), RelevanceTests.Ordinary };
        }

        [Fact]
        public void EverySignal_HoldsWhatTheSyntaxSays()
        {
            foreach (var sources in Programs())
            {
                var compilation = AnalyzerRunner.Compile(sources);
                foreach (var tree in compilation.SyntaxTrees)
                {
                    var names = TreeNames.Of(tree, default);
                    var text = names.Signals;
                    Assert.NotNull(text);
                    var words = new HashSet<int>(text!.Words);
                    var invoked = new HashSet<int>(text.Invoked);
                    var uses = ImplicitCalls.None;
                    foreach (var body in names.Bodies)
                    {
                        foreach (var name in body.Mentioned.Where(n => n.Length > 0)) Assert.True(words.Contains(TextSignals.Hash(name)), $"{tree.FilePath}: '{name}' is not among the text's words");
                        foreach (var name in body.Invoked) Assert.True(invoked.Contains(TextSignals.Hash(name)), $"{tree.FilePath}: '{name}' is invoked, not among the text's");
                        uses |= body.Uses;
                    }
                    Assert.True((uses & ~text.MayUse) == 0, $"{tree.FilePath}: the syntax uses {uses}, the text says only {text.MayUse}");
                }
            }
        }

        [Fact]
        public void TheTrickyCode_UsesEveryConstruct_AndDelegates()
        {
            Assert.Empty(AnalyzerRunner.Compile(new[] { Tricky }).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            // Else the superset test above proves little about these constructs.
            var names = TreeNames.Of(AnalyzerRunner.Compile(new[] { Tricky }).SyntaxTrees.First(), default);
            var uses = names.Bodies.Aggregate(ImplicitCalls.None, (all, b) => all | b.Uses);
            foreach (var construct in new[] { ImplicitCalls.DelegateInvoke, ImplicitCalls.Deconstruction, ImplicitCalls.Foreach, ImplicitCalls.Using,
                ImplicitCalls.Await, ImplicitCalls.Query, ImplicitCalls.CollectionInit, ImplicitCalls.TargetTypedNew, ImplicitCalls.ElementAccess,
                ImplicitCalls.Interpolation, ImplicitCalls.Fixed })
                Assert.True((uses & construct) != 0, $"the tricky code should use {construct}");
        }

        [Theory]
        [InlineData("class C { void \\u0061bc() { } void M() { abc(); } }")]
        [InlineData("class C { void a\u200Bbc() { } void M() { abc(); } }")]
        public void TextWhoseWordsAreNotItsIdentifiers_IsReadAtOnce(string source)
        {
            var names = TreeNames.Of(CSharpSyntaxTree.ParseText(source), default);
            Assert.Null(names.Signals);
            Assert.True(names.IsRead);
            Assert.Contains("abc", names.Bodies.SelectMany(b => b.Exports));
        }

        [Fact]
        public void ReadingLazily_AnswersWhatReadingEveryTreeAnswers()
        {
            int unread = 0;
            foreach (var sources in Programs().Skip(1).Select(p => p.Append(Tricky).ToArray()))
            {
                var lazy = AnalyzerRunner.Compile(sources);
                var eager = AnalyzerRunner.Compile(sources);
                var api = KernelApi.TryCreate(lazy)!;
                var lazyNames = lazy.SyntaxTrees.Select(t => TreeNames.Of(t, default)).ToList();
                var eagerNames = eager.SyntaxTrees.Select(t => TreeNames.Of(t, default)).ToList();
                foreach (var names in eagerNames) _ = names.Bodies;
                var lazyAnswer = RelevantBodies.Compute(lazyNames, api.Names, default);
                var eagerAnswer = RelevantBodies.Compute(eagerNames, api.Names, default);
                for (int i = 0; i < lazyNames.Count; i++)
                    Assert.Equal(eagerAnswer.Of(i), lazyAnswer.Of(i));
                unread += lazyNames.Count(n => !n.IsRead);
            }
            // The ordinary code and the tricky one name nothing relevant: most runs leave one of them unread.
            Assert.True(unread > 30, $"{unread} trees left unread in 60 programs");
        }
    }
}
