using System.Collections.Generic;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>What <see cref="ModelBuilder.Walk"/> produced: each tree's facts in a run, and the run they were reused from.</summary>
    internal sealed class WalkedTrees
    {
        private readonly Compilation compilation;
        private readonly CompilationIndex index;
        private bool filled;

        public WalkedTrees(Compilation compilation, CompilationIndex index, SummaryCache.Run run, SummaryCache.Run? previous)
        {
            this.compilation = compilation;
            this.index = index;
            Run = run;
            Previous = previous;
        }

        public SummaryCache.Run Run { get; }

        /// <summary>The run of an earlier compilation of the project that facts were reused from, if any.</summary>
        public SummaryCache.Run? Previous { get; }

        public int ReusedTrees => index.ReusedTrees;

        public int PartlyReusedTrees => index.PartlyReusedTrees;

        /// <summary>The call graph made with the index when it was patched from an earlier analysis' (<see cref="IndexPatch"/>); else null.</summary>
        public CallGraph? Graph { get; private set; }

        /// <summary>The index with every tree's facts added, in tree order, or the last analysis' with the re-walked trees' facts swapped in (<see cref="IndexPatch"/>).</summary>
        public CompilationIndex FillIndex()
        {
            if (!filled)
            {
                var imported = CrossAssembly.ImportedLibraries.Of(compilation, default);
                if (Previous?.Resolved is ResolvedIndex earlier && imported.IsEmpty) Graph = IndexPatch.TryFill(earlier, Run, index, default);
                if (Graph == null)
                {
                    foreach (var tree in Run.Facts) tree.AddTo(index);
                    imported.AddTo(index, compilation);
                }
                filled = true;
            }
            return index;
        }

        /// <summary>
        /// Keeps the analysis' index and graph on the run for the next edit to patch. When no
        /// analysis ran (the findings were moved), the earlier ones stay with the run, unless the
        /// compilations their facts hold and those this run's facts hold are more than the
        /// <see cref="SummaryCache.MaxSources"/> + 1 a run may keep alive.
        /// </summary>
        public void KeepResolved(CallGraph? graph)
        {
            if (graph != null && filled)
            {
                // Also the project as it opened (symbols compared within one compilation), so that the
                // first fact-changing edit patches too; a command-line build holds it until its
                // compilation's trees die, a few percent of what the compilation holds.
                if (index.Imported.IsEmpty) Run.Resolved = new ResolvedIndex(Run.Trees, Run.Facts, index, graph);
                return;
            }
            if (Previous?.Resolved is not ResolvedIndex earlier) return;
            var sources = new HashSet<Compilation>(earlier.Sources);
            foreach (var tree in Run.Facts) sources.UnionWith(tree.Sources);
            if (sources.Count <= SummaryCache.MaxSources + 1) Run.Resolved = earlier;
        }
    }
}
