using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// A library's facts from its own analysis: every method another assembly can call that takes a
    /// lock, may sleep or registers its caller's delegate, and every entry the library's code runs
    /// from (with its context), each flattened (<see cref="Flattener"/>). Methods come in the
    /// compilation's order, so the same source gives the same facts.
    /// </summary>
    internal static class FactsExport
    {
        /// <summary>
        /// The facts of a compilation that uses the model, from a full analysis of it (null when it
        /// does not): what the library's build records, and what a project an IDE references live is
        /// judged by.
        /// </summary>
        public static LibraryFacts? Of(Compilation compilation, AnalysisOptions options, CancellationToken ct)
        {
            var api = KernelApi.TryCreate(compilation);
            if (api == null) return null;
            if (!CompilationFindings.MentionsTheModel(compilation, ct) && ImportedLibraries.Of(compilation, ct).IsEmpty) return null;
            // The findings too, not only the analysis: in a build the analyzers run next on the same
            // trees plus the facts' own, and then move these findings instead of analysing again.
            var findings = CompilationFindings.Compute(compilation, api, options, ct);
            if (findings.Analysis is LockAnalysis done) return From(compilation, done, done.Calls, options, ct);
            // Findings moved from an earlier compilation (an IDE's live reference): the walk reuses the summaries.
            var walked = ModelBuilder.Walk(compilation, api, ModelBuilder.RelevanceOf(compilation, api, ct), ct);
            var index = walked.FillIndex();
            return From(compilation, LockAnalysis.Run(index.Summaries, index, index.LocalValues, options, ct), index, options, ct);
        }

        public static LibraryFacts From(Compilation compilation, LockAnalysis analysis, ICallResolver calls, AnalysisOptions options, CancellationToken ct)
        {
            var root = CommonFolder(compilation.SyntaxTrees.Select(t => t.FilePath));
            var flattener = new Flattener(analysis, l => PlaceOf(l, root), ct);
            var methods = new List<FactMethod>();
            var recordOf = new Dictionary<MethodSummary, int>();

            // A constructor has a summary for its body and one per field initializer it runs: one record.
            var bodies = new Dictionary<IMethodSymbol, List<MethodSummary>>(SymbolEqualityComparer.Default);
            var order = new List<IMethodSymbol>();
            foreach (var s in analysis.Summaries)
            {
                if (s.ImportedFrom != null || s.Method == null || !IsExternallyCallable(s.Method)) continue;
                if (!bodies.TryGetValue(s.Method, out var list)) { bodies[s.Method] = list = new List<MethodSummary>(); order.Add(s.Method); }
                list.Add(s);
            }
            foreach (var method in order)
            {
                var list = bodies[method];
                var id = DocumentationCommentId.CreateDeclarationId(method);
                if (string.IsNullOrEmpty(id)) continue;
                var record = flattener.Flatten(id, NameOf(method), list[0].Location, list);
                if (record.IsEmpty) continue;
                foreach (var s in list) recordOf[s] = methods.Count;
                methods.Add(record);
            }

            var entries = new List<FactEntry>();
            var alternatives = new Dictionary<object, int>();
            foreach (var entry in EntryPoints.Find(analysis.Summaries, calls, analysis.Graph, options))
            {
                if (entry.Method.ImportedFrom != null) continue; // the other library records its own entries
                if (!recordOf.TryGetValue(entry.Method, out int index))
                {
                    var record = flattener.Flatten(null, NameOf(entry.Method), entry.Method.Location, new[] { entry.Method });
                    if (record.IsEmpty) continue;
                    recordOf[entry.Method] = index = methods.Count;
                    methods.Add(record);
                }
                var context = entry.Context == EntryPoints.Uncalled ? EntryPoints.UncalledIn(compilation.AssemblyName ?? "the library") : entry.Context;
                int alternative = -1;
                if (context.Alternatives != null && !alternatives.TryGetValue(context.Alternatives, out alternative))
                    alternatives[context.Alternatives] = alternative = alternatives.Count;
                var held = context.Cause == EntryCause.Registration && analysis.MapsHeld.TryGetValue((entry.Method, context.Registered), out var m)
                    ? m.Select(c => (c.Key, c.Name)).ToImmutableArray() : default;
                entries.Add(new FactEntry(index, context.Kind, context.Vector, Rules.EntryWords.Of(context),
                    context.Registration == null ? (FactPlace?)null : PlaceOf(context.Registration, root), alternative, held));
            }
            return new LibraryFacts(compilation.AssemblyName ?? "", methods.ToImmutableArray(), entries.ToImmutableArray());
        }

        /// <summary>Public or protected, in types that are too: what a project referencing the assembly can call.</summary>
        public static bool IsExternallyCallable(IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.AnonymousFunction || method.MethodKind == MethodKind.LocalFunction) return false;
            for (ISymbol? s = method; s != null && s.Kind != SymbolKind.Namespace; s = s.ContainingSymbol)
                if (s.DeclaredAccessibility != Accessibility.Public && s.DeclaredAccessibility != Accessibility.Protected
                    && s.DeclaredAccessibility != Accessibility.ProtectedOrInternal)
                    return false;
            return true;
        }

        private static string NameOf(IMethodSymbol method) => SummaryBuilder.NestedName(method);

        private static string NameOf(MethodSummary s) => s.Method != null ? NameOf(s.Method) : s.NestedName ?? s.DisplayName;

        /// <summary>A place relative to the folder all the library's sources share (machine-independent); a place in another library as that one recorded it.</summary>
        private static FactPlace PlaceOf(Location location, string root)
        {
            var span = location.GetLineSpan();
            string path = (span.Path ?? "").Replace('\\', '/');
            if (location.IsInSource && root.Length > 0 && path.StartsWith(root, System.StringComparison.Ordinal)) path = path.Substring(root.Length);
            return new FactPlace(path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
        }

        private static string CommonFolder(IEnumerable<string> paths)
        {
            string? common = null;
            foreach (var raw in paths)
            {
                if (string.IsNullOrEmpty(raw)) continue;
                var path = raw.Replace('\\', '/');
                var folder = path.Substring(0, path.LastIndexOf('/') + 1);
                if (common == null) { common = folder; continue; }
                int n = 0;
                while (n < common.Length && n < folder.Length && common[n] == folder[n]) n++;
                common = common.Substring(0, common.Substring(0, n).LastIndexOf('/') + 1);
            }
            return common ?? "";
        }
    }
}
