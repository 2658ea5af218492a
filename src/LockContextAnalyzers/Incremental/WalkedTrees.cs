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

        /// <summary>The index with every tree's facts added, in tree order.</summary>
        public CompilationIndex FillIndex()
        {
            if (!filled)
            {
                foreach (var tree in Run.Facts) tree.AddTo(index);
                CrossAssembly.ImportedLibraries.Of(compilation, default).AddTo(index, compilation);
                filled = true;
            }
            return index;
        }
    }
}
