using System;
using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Relevance;
using LockContextAnalyzers.Tests.Differential;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace LockContextAnalyzers.Tests.Relevance
{
    /// <summary>
    /// An edit inside bodies may keep the earlier answer of which bodies are relevant
    /// (<c>RelevantBodies.For</c>); whenever it does, the answer must be the one computed afresh
    /// from the new names. Relevance is decided from syntax alone, so the edits need not compile.
    /// </summary>
    public class RelevanceReuseTests
    {
        [Fact]
        public void RandomBodyEdits_KeepTheAnswer_OnlyWhenAFreshAnswerIsTheSame()
        {
            int kept = 0, renewed = 0, edits = 0;
            for (int seed = 1; seed <= 60; seed++)
            {
                var compilation = AnalyzerRunner.Compile(new[] { new ProgramGenerator(seed).Generate(), RelevanceTests.Ordinary });
                var model = KernelApi.TryCreate(compilation)!.Names;
                var trees = compilation.SyntaxTrees.ToArray();
                var random = new Random(seed);
                // The model's names and every identifier the trees write, so edits swap lock forms, retarget calls, name stores.
                var vocabulary = model.Concat(trees.SelectMany(t => t.GetRoot().DescendantTokens())
                    .Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText)).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();
                var answer = RelevantBodies.Compute(NamesOf(trees), model, default);
                for (int step = 0; step < 25; step++)
                {
                    int which = random.Next(trees.Length);
                    if (!(Edit(trees[which], vocabulary, random) is SyntaxTree edited)) continue;
                    trees[which] = edited;
                    edits++;
                    var names = NamesOf(trees);
                    var fresh = RelevantBodies.Compute(names, model, default);
                    var reused = answer.For(names);
                    if (reused != null)
                    {
                        for (int t = 0; t < trees.Length; t++)
                            Assert.True(fresh.Of(t).SequenceEqual(reused.Of(t)), $"seed {seed}, step {step}: a kept answer differs from a fresh one in tree {t}");
                        kept++;
                    }
                    else renewed++;
                    answer = reused ?? fresh;
                }
            }
            // Both ways must be taken often, or the comparison proves nothing.
            Assert.True(kept >= edits / 5, $"{kept} of {edits} edits kept the answer");
            Assert.True(renewed >= edits / 5, $"{renewed} of {edits} edits computed it anew");
        }

        /// <summary>
        /// A body left out that starts to invoke a field which may hold a delegate may run any
        /// relevant lambda: the answer is computed anew, though the body names nothing relevant.
        /// </summary>
        [Fact]
        public void ABodyLeftOut_ThatStartsToInvokeAStoredDelegate_IsAnsweredAnew()
        {
            const string hooks = """
                public static class D
                {
                    public static Spinlock L = new Spinlock();
                    public static void Init() => TimerSetup(new TimerList(), t => { SpinLock(L); SpinUnlock(L); });
                }
                public sealed class Hooks
                {
                    public System.Action Hook;
                    public void Quiet() { System.Console.WriteLine(); }
                }
                """;
            var compilation = AnalyzerRunner.Compile(new[] { hooks });
            var model = KernelApi.TryCreate(compilation)!.Names;
            var tree = compilation.SyntaxTrees.First();
            var before = RelevantBodies.Compute(NamesOf(new[] { tree }), model, default);
            var edited = tree.WithChangedText(SourceText.From(tree.GetText().ToString().Replace("System.Console.WriteLine();", "Hook();")));
            var names = NamesOf(new[] { edited });
            Assert.Null(before.For(names));
            Assert.Equal(before.Of(0).Count(b => b) + 1, RelevantBodies.Compute(names, model, default).Of(0).Count(b => b));
        }

        /// <summary>
        /// A body that was relevant only through a construct (a foreach over an enumerator that
        /// takes a lock) and that drops the construct, keeping every name, is not relevant any
        /// more: keeping its names is no ground when the construct was the reason.
        /// </summary>
        [Fact]
        public void ABodyThatDropsTheConstructItWasRelevantFor_IsAnsweredAnew()
        {
            const string source = """
                public static class D { public static Spinlock L = new Spinlock(); }
                public sealed class Bag { public Walker GetEnumerator() => new Walker(); }
                public struct Walker { public int Current => 0; public bool MoveNext() { SpinLock(D.L); SpinUnlock(D.L); return false; } }
                public static class Sys { public static int Sum(Bag b) { int s = 0; foreach (var x in b) s += x; return s; } }
                """;
            var compilation = AnalyzerRunner.Compile(new[] { source });
            var model = KernelApi.TryCreate(compilation)!.Names;
            var tree = compilation.SyntaxTrees.First();
            var before = RelevantBodies.Compute(NamesOf(new[] { tree }), model, default);
            var edited = tree.WithChangedText(SourceText.From(tree.GetText().ToString()
                .Replace("foreach (var x in b) s += x;", "var x = b; s += x.GetHashCode();")));
            var names = NamesOf(new[] { edited });
            var fresh = RelevantBodies.Compute(names, model, default);
            Assert.True(fresh.Of(0).Count(r => r) < before.Of(0).Count(r => r), "Sum should no longer be relevant");
            Assert.Null(before.For(names));
        }

        private static TreeNames[] NamesOf(SyntaxTree[] trees) => trees.Select(t => TreeNames.Of(t, default)).ToArray();

        // One identifier inside a body replaced by another of the vocabulary, or (one edit in four)
        // a statement deleted, which can take a construct away (a foreach, a using, an await).
        private static SyntaxTree? Edit(SyntaxTree tree, string[] vocabulary, Random random)
        {
            var bodies = Bodies.Of(tree.GetRoot()).ToArray();
            if (bodies.Length == 0) return null;
            var body = bodies[random.Next(bodies.Length)];
            if (random.Next(4) == 0)
            {
                var statements = body.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax>()
                    .Where(st => st.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax).ToArray();
                if (statements.Length == 0) return null;
                var statement = statements[random.Next(statements.Length)];
                return tree.WithChangedText(tree.GetText().WithChanges(new TextChange(statement.Span, "")));
            }
            var tokens = body.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToArray();
            if (tokens.Length == 0) return null;
            var token = tokens[random.Next(tokens.Length)];
            var name = vocabulary[random.Next(vocabulary.Length)];
            return tree.WithChangedText(tree.GetText().WithChanges(new TextChange(token.Span, name)));
        }
    }
}
