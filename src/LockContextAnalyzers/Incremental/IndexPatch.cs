using System.Collections.Generic;
using System.Threading;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// An edit that changes a lock fact inside a body (a lock form, a call, a local's lock) leaves
    /// every fact's key as it was: the same methods summarised, the same stores, delegates and
    /// created types. The index and the call graph are then the earlier analysis' with the trees
    /// walked again swapped in, fact for fact: filling an index and resolving every call were
    /// more than a third of such an edit at 50k methods (benchmarks/README.md, item 22). Any
    /// other change (a method added, a delegate stored elsewhere, a tree added or removed, facts of
    /// a referenced library) fills the index and builds the graph anew.
    /// </summary>
    internal static class IndexPatch
    {
        /// <summary>
        /// Fills the (empty) index from the earlier one and returns the call graph patched to
        /// match; null, with nothing done, when the facts' keys are not the earlier facts'.
        /// </summary>
        public static CallGraph? TryFill(ResolvedIndex earlier, SummaryCache.Run run, CompilationIndex index, CancellationToken ct)
        {
            // The earlier index may compare symbols within its one compilation (the project as it
            // opened): its maps are then hashed again as they are copied.
            if (!index.AcrossCompilations || !ReferenceEquals(index.Classes, earlier.Index.Classes)
                || !index.Imported.IsEmpty || !earlier.Index.Imported.IsEmpty || earlier.Index.ImportedEntries.Count > 0
                || run.Trees.Length != earlier.Trees.Length)
                return null;
            var match = new FactsMatch();
            var changed = new List<int>();
            for (int i = 0; i < run.Trees.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
                if (ReferenceEquals(run.Facts[i], earlier.Facts[i])) continue;
                if (run.Trees[i].FilePath != earlier.Trees[i].FilePath || !run.Facts[i].SameKeysAs(earlier.Facts[i], match)) return null;
                changed.Add(i);
            }

            index.CopyMapsOf(earlier.MapsToPatchFrom);
            foreach (int i in changed) run.Facts[i].SwapInto(earlier.Facts[i], index);
            // Each pair where the earlier graph has the earlier summary: asking each of the 50k
            // summaries whether an edit replaced it hashed every one (benchmarks/README.md, item 32).
            var before = earlier.Index.Summaries;
            index.AddInOrder(before);
            var replaced = new List<(int Position, MethodSummary Earlier)>(match.Summaries.Count);
            foreach (var pair in match.Summaries)
            {
                int k = earlier.Graph.OrdinalOf(pair.Key);
                if (k < 0 || !ReferenceEquals(before[k], pair.Key)) continue;
                replaced.Add((k, pair.Key));
                index.ReplaceInOrder(k, pair.Value);
            }
            replaced.Sort((a, b) => a.Position.CompareTo(b.Position));
            return CallGraph.Patched(earlier.Graph, index.Summaries, index, replaced, ct);
        }
    }
}
