using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Relevance;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>Reads every body in the compilation (methods, accessors, constructors, initializers, top-level statements) into summaries.</summary>
    /// <remarks>
    /// Binding and control-flow graphs are most of the cost (see benchmarks/README.md), and Roslyn
    /// answers semantic questions from any thread: trees are bound and walked in parallel, each
    /// into its own <see cref="TreeFacts"/>, and the facts are added to the index one tree at a
    /// time in the compilation's tree order, so the index is the same whatever the scheduling.
    /// Trees whose facts an earlier compilation of the project already has are not walked again
    /// (<see cref="SummaryCache"/>). (A first version walked on one thread while others bound ahead; the walking thread spent
    /// its time spin-waiting, which on two cores took it from the binders.)
    /// </remarks>
    internal static class ModelBuilder
    {
        /// <summary>The relevant bodies' summaries in an index (for tests and the benchmark; the analyzer goes through <see cref="Walk"/>).</summary>
        public static CompilationIndex Summarize(Compilation compilation, KernelApi api, CancellationToken ct) =>
            Walk(compilation, api, RelevanceOf(compilation, api, ct), ct).FillIndex();

        /// <summary>Which bodies to bind (<see cref="RelevantBodies"/>); null binds every body (tests compare the two).</summary>
        public static RelevantBodies RelevanceOf(Compilation compilation, KernelApi api, CancellationToken ct)
        {
            var trees = compilation.SyntaxTrees.ToArray();
            var imported = CrossAssembly.ImportedLibraries.Of(compilation, ct);
            var model = imported.IsEmpty ? api.Names : api.Names.Union(imported.Names);
            var modelWords = new HashSet<int>(model.Select(TextSignals.Hash));
            var names = new TreeNames[trees.Length];
            // A tree whose text names the model is read here, beside the others (the propagation, which
            // reads the rest when their text says they may matter, runs on one thread).
            Run(trees.Length, i => names[i] = TreeNames.Of(trees[i], ct, modelWords), ct);
            // The same references (which give the model's names) and the same names in every tree: the same answer.
            if (SummaryCache.Previous(compilation)?.Relevance?.For(names) is RelevantBodies same) return same;
            return RelevantBodies.Compute(names, model, ct);
        }

        /// <summary>
        /// Every tree's facts, walked or reused, and the run that remembers them; the index is
        /// filled only when asked (<see cref="WalkedTrees.FillIndex"/>), since an edit whose facts
        /// are the same as before needs no analysis at all (<see cref="FindingsReuse"/>).
        /// </summary>
        public static WalkedTrees Walk(Compilation compilation, KernelApi api, RelevantBodies? relevant, CancellationToken ct)
        {
            var trees = compilation.SyntaxTrees.ToArray();
            var imported = CrossAssembly.ImportedLibraries.Of(compilation, ct);
            var previous = SummaryCache.Previous(compilation);
            bool[]?[]? rewalk = null;
            var reused = previous == null ? null : SummaryCache.Reusable(previous, trees, relevant, out rewalk, ct);
            bool mixed = reused != null && reused.Any(f => f != null);
            var toWalk = Enumerable.Range(0, trees.Length).Where(i => reused?[i] == null || rewalk![i] != null).ToArray();
            int bodies = relevant == null ? 0 : toWalk.Sum(i => relevant.Of(i).Count(b => b));
            var index = new CompilationIndex(api, compilation.Assembly, mixed ? previous!.Classes : new LockClassTable(),
                mixed ? SymbolIdentity.AcrossCompilations : (IEqualityComparer<ISymbol>)SymbolEqualityComparer.Default, bodies);
            index.ReusedTrees = reused == null ? 0 : Enumerable.Range(0, trees.Length).Count(i => reused[i] != null && rewalk![i] == null);
            index.PartlyReusedTrees = rewalk?.Count(r => r != null) ?? 0;
            index.Imported = imported.AssemblySymbols;
            var facts = new TreeFacts[trees.Length];
            if (reused != null)
                for (int i = 0; i < trees.Length; i++) if (reused[i] != null && rewalk![i] == null) facts[i] = reused[i]!;
            Run(toWalk.Length, k =>
            {
                int i = toWalk[k];
                facts[i] = Walk(compilation, api, index, trees[i], relevant?.Of(i), reused?[i], rewalk?[i], ct);
            }, ct);
            var run = new SummaryCache.Run(compilation, trees, facts, index.Classes, relevant);
            SummaryCache.Remember(run, previous);
            // Only a run whose facts could be reused is one this compilation is an edit of.
            return new WalkedTrees(compilation, index, run, reused != null ? previous : null);
        }

        private static void Run(int count, Action<int> body, CancellationToken ct)
        {
            try
            {
                Parallel.For(0, count, new ParallelOptions { CancellationToken = ct }, body);
            }
            catch (AggregateException e)
            {
                ct.ThrowIfCancellationRequested();
                // Keep the original exception and its stack (AD0001 shows it), not the wrapper.
                if (e.InnerExceptions.Count == 1) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                throw;
            }
        }

        // One tree: bind each relevant body, make its graph and walk it; with an earlier walk of
        // the same tree, only the bodies marked in rewalk, the others' facts copied in their place.
        private static TreeFacts Walk(Compilation compilation, KernelApi api, CompilationIndex index, SyntaxTree tree, bool[]? relevant,
            TreeFacts? earlier, bool[]? rewalk, CancellationToken ct)
        {
            var facts = new TreeFacts(relevant);
            var builder = new SummaryBuilder(api, index, facts, ct);
            int body = -1;
            foreach (var node in Bodies.Of(tree.GetRoot(ct)))
            {
                body++;
                if (relevant != null && !relevant[body]) continue;
                ct.ThrowIfCancellationRequested();
                if (earlier != null && rewalk != null && !rewalk[body])
                {
                    facts.CopyBody(earlier, body);
                    continue;
                }
                facts.BeginBody(body, compilation);
                // A model per body, dropped after its walk: the facts keep no symbol declared inside
                // a body (BodySymbol), since a lambda's holds its model. When they did, one model
                // per tree kept every tree's model alive with the facts (188 MB held after a fresh
                // analysis at 20k methods, `--phases`), one per body those of bodies with a lambda
                // (112 MB); with stand-ins, 47 MB.
                BuildBody(builder, SemanticModels.For(compilation, tree), node, ct);
            }
            return facts;
        }

        private static void BuildBody(SummaryBuilder builder, SemanticModel model, SyntaxNode node, CancellationToken ct)
        {
            var (method, location, root) = Describe(model, node, ct);
            if (method == null || root == null) return;
            ControlFlowGraph? cfg;
            try
            {
                cfg = ControlFlowGraph.Create(root, model, ct);
            }
            catch (ArgumentException)
            {
                return; // not a body the compiler can make a graph of (broken code as it is typed)
            }
            if (cfg != null) builder.BuildBody(method, location ?? node.GetLocation(), cfg);
        }

        private static (IMethodSymbol? Method, Location? Location, SyntaxNode? Root) Describe(SemanticModel model, SyntaxNode node, CancellationToken ct)
        {
            switch (node)
            {
                case CompilationUnitSyntax cu:
                    var first = cu.Members.OfType<GlobalStatementSyntax>().First();
                    return (model.GetEnclosingSymbol(first.SpanStart, ct) as IMethodSymbol, first.GetFirstToken().GetLocation(), cu);
                case ArrowExpressionClauseSyntax arrow:
                    var property = model.GetDeclaredSymbol(arrow.Parent!, ct) as IPropertySymbol;
                    return (property?.GetMethod, property?.Locations.FirstOrDefault(), arrow);
                case VariableDeclaratorSyntax v:
                    var field = model.GetDeclaredSymbol(v, ct) as IFieldSymbol;
                    return (Initializer(field?.ContainingType, field?.IsStatic ?? false), v.Identifier.GetLocation(), v.Initializer!);
                case PropertyDeclarationSyntax p:
                    var prop = model.GetDeclaredSymbol(p, ct);
                    return (Initializer(prop?.ContainingType, prop?.IsStatic ?? false), p.Identifier.GetLocation(), p.Initializer!);
                default:
                    var symbol = model.GetDeclaredSymbol(node, ct) as IMethodSymbol;
                    return (symbol, symbol?.Locations.FirstOrDefault(), node);
            }
        }

        // Field and property initializers run in the type's (static) constructor.
        private static IMethodSymbol? Initializer(INamedTypeSymbol? type, bool isStatic) =>
            isStatic ? type?.StaticConstructors.FirstOrDefault() : type?.InstanceConstructors.FirstOrDefault();
    }
}
