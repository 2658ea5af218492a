using System.Collections.Generic;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// An analysis' filled index and call graph, with the facts they were made from, kept on the
    /// run (<see cref="SummaryCache.Run.Resolved"/>) so that the next analysis whose facts have the
    /// same keys patches them (<see cref="IndexPatch"/>) instead of filling an index and resolving
    /// every call again. Never changed once made: analyses of several snapshots may patch from it at once.
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

        /// <summary>The compilations its facts keep alive.</summary>
        public HashSet<Compilation> Sources { get; }
    }
}
