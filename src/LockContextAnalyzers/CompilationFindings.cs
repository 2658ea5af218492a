using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers
{
    /// <summary>
    /// The whole-compilation result: summaries, the lock analysis, and every rule's diagnostics,
    /// grouped by the tree they are reported in so that each document's action reports its own.
    /// </summary>
    internal sealed class CompilationFindings
    {
        private readonly Dictionary<SyntaxTree, ImmutableArray<Diagnostic>> byTree;

        private CompilationFindings(LockAnalysis? analysis, Dictionary<SyntaxTree, ImmutableArray<Diagnostic>> byTree, int reusedTrees, bool findingsReused)
        {
            Analysis = analysis;
            this.byTree = byTree;
            ReusedTrees = reusedTrees;
            FindingsReused = findingsReused;
        }

        /// <summary>The findings of the compilation this one is an edit of, moved onto its trees (<see cref="FindingsReuse"/>): no analysis ran.</summary>
        public bool FindingsReused { get; }

        /// <summary>
        /// The analysis behind the findings; null when the findings were moved from an earlier
        /// compilation, and in what <see cref="For"/> keeps (its summaries would hold the
        /// compilations they were reused from).
        /// </summary>
        public LockAnalysis? Analysis { get; }

        /// <summary>Trees whose summaries were reused from an earlier compilation of the project.</summary>
        public int ReusedTrees { get; }

        /// <summary>The index and call graph were an earlier analysis' with the trees walked again swapped in (<see cref="IndexPatch"/>).</summary>
        public bool IndexPatched { get; private set; }

        /// <summary>Trees of which only the bodies that name a member an edit changed were walked again.</summary>
        public int PartlyReusedTrees { get; private set; }

        public ImmutableArray<Diagnostic> In(SyntaxTree tree) =>
            byTree.TryGetValue(tree, out var list) ? list : ImmutableArray<Diagnostic>.Empty;

        private static readonly ConditionalWeakTable<Compilation, Dictionary<AnalysisOptions, CompilationFindings>> computed =
            new ConditionalWeakTable<Compilation, Dictionary<AnalysisOptions, CompilationFindings>>();

        /// <summary>
        /// The findings of this compilation under these options, computed once: a host may run the
        /// analyzers over one compilation several times (a language server per open document, an
        /// IDE for a code fix or Fix All), and each run starts with compilation start again.
        /// </summary>
        public static CompilationFindings For(Compilation compilation, KernelApi api, AnalysisOptions options, CancellationToken ct)
        {
            var known = computed.GetValue(compilation, _ => new Dictionary<AnalysisOptions, CompilationFindings>());
            lock (known)
                if (known.TryGetValue(options, out var found)) return found;
            // Computed outside the lock: two hosts asking at once both compute, and the first kept wins.
            var fresh = Compute(compilation, api, options, ct);
            lock (known)
            {
                if (known.TryGetValue(options, out var first)) return first;
                fresh = new CompilationFindings(null, fresh.byTree, fresh.ReusedTrees, fresh.FindingsReused)
                    { PartlyReusedTrees = fresh.PartlyReusedTrees, IndexPatched = fresh.IndexPatched };
                known.Add(options, fresh);
            }
            return fresh;
        }

        /// <param name="everyBody">Bind every body instead of the relevant ones (<see cref="RelevantBodies"/>): for tests that check the two agree.</param>
        public static CompilationFindings Compute(Compilation compilation, KernelApi api, AnalysisOptions options, CancellationToken ct, bool everyBody = false)
        {
            var relevant = everyBody ? null : ModelBuilder.RelevanceOf(compilation, api, ct);
            var walked = ModelBuilder.Walk(compilation, api, relevant, ct);
            if (FindingsReuse.From(walked, options, ct) is { } moved)
            {
                // A build's analyzers after its generator: no later compilation will ask.
                if (walked.Previous?.ByGenerator == true) SummaryCache.Forget(walked.Run.Trees);
                else
                {
                    walked.Run.Keep(options, moved);
                    walked.KeepResolved(null);
                    walked.Run.Resolved?.PrepareMapsAcrossCompilations();
                }
                return new CompilationFindings(null, moved, walked.ReusedTrees, findingsReused: true) { PartlyReusedTrees = walked.PartlyReusedTrees };
            }
            var index = walked.FillIndex();
            var analysis = LockAnalysis.Run(index.Summaries, index, index.LocalValues, options, ct, walked.Graph);
            var all = RuleRegistry.Report(analysis, ct).ToList();
            // Only once the rules are done with them: from here on nothing changes the index or the graph.
            walked.KeepResolved(analysis.Graph);

            var byTree = all
                .Where(d => d.Location.SourceTree != null)
                .GroupBy(d => d.Location.SourceTree!)
                .ToDictionary(g => g.Key, g => g.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id).ToImmutableArray());
            walked.Run.Keep(options, byTree);
            return new CompilationFindings(analysis, byTree, index.ReusedTrees, findingsReused: false)
                { PartlyReusedTrees = index.PartlyReusedTrees, IndexPatched = walked.Graph != null };
        }

        /// <summary>
        /// Referencing the package is not using it: C# cannot name the model's calls, types or
        /// attributes without writing its namespace, <c>LockContext</c>, somewhere in the
        /// compilation (a using, a global using, an alias, a qualified name). A project whose text
        /// never does has no lock to judge, and is not worth reading further. The text is searched
        /// as characters, not walked as syntax: on a 50,000-method project where only the last
        /// files use the model, walking every token took 1.4 s inside the compiler.
        /// </summary>
        public static bool MentionsTheModel(Compilation compilation, CancellationToken ct)
        {
            var buffer = new char[8192];
            foreach (var tree in compilation.SyntaxTrees)
            {
                ct.ThrowIfCancellationRequested();
                if (Contains(tree.GetText(ct), ModelNamespace, buffer)) return true;
            }
            return false;
        }

        private const string ModelNamespace = "LockContext";

        // An ordinal search in chunks, so no tree's text is copied whole into a string.
        private static bool Contains(SourceText text, string word, char[] buffer)
        {
            for (int start = 0; start < text.Length; start += buffer.Length - word.Length)
            {
                int count = Math.Min(buffer.Length, text.Length - start);
                text.CopyTo(start, buffer, 0, count);
                for (int i = 0; i + word.Length <= count; i++)
                {
                    if (buffer[i] != word[0]) continue;
                    int k = 1;
                    while (k < word.Length && buffer[i + k] == word[k]) k++;
                    if (k == word.Length) return true;
                }
                if (start + count >= text.Length) break;
            }
            return false;
        }
    }
}
