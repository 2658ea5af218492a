using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// An analysis' filled index and call graph, with the facts they were made from, kept on the
    /// run (<see cref="SummaryCache.Run.Resolved"/>) so that the next analysis whose facts have the
    /// same keys patches them (<see cref="IndexPatch"/>) instead of filling an index and resolving
    /// every call again. Never changed once made (but for a copy of its maps made aside, <see cref="MapsToPatchFrom"/>):
    /// analyses of several snapshots may patch from it at once.
    /// </summary>
    internal sealed class ResolvedIndex
    {
        public ResolvedIndex(SyntaxTree[] trees, TreeFacts[] facts, CompilationIndex index, CallGraph graph)
        {
            Trees = trees;
            Facts = facts;
            Index = index;
            Graph = graph;
            var sources = new HashSet<Compilation>();
            foreach (var tree in facts) sources.UnionWith(tree.Sources);
            Sources = sources;
        }

        public SyntaxTree[] Trees { get; }
        public TreeFacts[] Facts { get; }
        public CompilationIndex Index { get; }
        public CallGraph Graph { get; }

        private CompilationIndex? keyedAcross;
        private Task? preparation;

        /// <summary>
        /// The index's maps to copy into a patch: the index's own, or, when it compares symbols
        /// within its one compilation (the project as it opened), a copy keyed across compilations
        /// once <see cref="PrepareMapsAcrossCompilations"/> has made it, so that the first
        /// fact-changing edit copies instead of hashing every key again.
        /// </summary>
        public CompilationIndex MapsToPatchFrom => Volatile.Read(ref keyedAcross) ?? Index;

        /// <summary>
        /// Makes that copy on another thread, once. Asked when an edit's findings were moved, which
        /// only an editor's snapshots do (a build's analyzers after its generator forget the run
        /// instead): the keystrokes before the first fact-changing edit pay for it, not that edit
        /// (benchmarks/README.md, item 34).
        /// </summary>
        /// <returns>The making of the copy (the same each time asked), or null when the index's maps are keyed across compilations already.</returns>
        public Task? PrepareMapsAcrossCompilations()
        {
            if (Index.AcrossCompilations) return null;
            if (Volatile.Read(ref preparation) is Task begun) return begun;
            var making = new Task(() =>
            {
                try { Volatile.Write(ref keyedAcross, Index.MapsKeyedAcrossCompilations()); }
                catch (System.Exception) { } // a shape it cannot name: the patch hashes the keys itself, as before
            });
            if (Interlocked.CompareExchange(ref preparation, making, null) is Task other) return other;
            making.Start(TaskScheduler.Default);
            return making;
        }

        /// <summary>The compilations its facts keep alive.</summary>
        public HashSet<Compilation> Sources { get; }
    }
}
