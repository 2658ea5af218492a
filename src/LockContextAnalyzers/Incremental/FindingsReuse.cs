using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// Most keystrokes change no lock fact: typing inside an expression that takes no lock, a
    /// comment, a rename of a local. When every tree's facts print the same as in the run this
    /// compilation is an edit of (<see cref="FactsFingerprint"/>: the same facts at the same lines
    /// and columns), the whole-program analysis would give the same findings with the same words,
    /// so the previous findings are moved onto the new trees instead of walking the call graph
    /// again. Each moved location must cover the same text in the new tree as in the old, or the
    /// analysis runs in full.
    /// </summary>
    internal static class FindingsReuse
    {
        public static Dictionary<SyntaxTree, ImmutableArray<Diagnostic>>? From(WalkedTrees walked, AnalysisOptions options, CancellationToken ct)
        {
            var previous = walked.Previous;
            var before = previous?.FindingsFor(options);
            var run = walked.Run;
            if (previous == null || before == null) return null;

            var byPath = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int j = 0; j < previous.Trees.Length; j++) byPath[previous.Trees[j].FilePath] = j;
            var replaced = new Dictionary<SyntaxTree, SyntaxTree>();
            int added = 0;
            for (int i = 0; i < run.Trees.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
                if (!byPath.TryGetValue(run.Trees[i].FilePath, out int j))
                {
                    // The library facts' tree, added after the generator's run: no facts, no findings.
                    if (!SummaryCache.IsAttributesOnly(run.Trees[i]) || !run.Facts[i].IsEmpty) return null;
                    added++;
                    continue;
                }
                var (now, then) = (run.Facts[i], previous.Facts[j]);
                if (!ReferenceEquals(now, then) && (now.Fingerprint is not string print || print != then.Fingerprint)) return null;
                if (!ReferenceEquals(run.Trees[i], previous.Trees[j])) replaced[previous.Trees[j]] = run.Trees[i];
            }

            if (previous.Trees.Length + added != run.Trees.Length) return null;
            var moved = new Dictionary<SyntaxTree, ImmutableArray<Diagnostic>>();
            foreach (var pair in before)
            {
                var tree = replaced.TryGetValue(pair.Key, out var newer) ? newer : pair.Key;
                var list = ImmutableArray.CreateBuilder<Diagnostic>(pair.Value.Length);
                foreach (var diagnostic in pair.Value)
                {
                    if (Move(diagnostic, replaced) is not Diagnostic d) return null;
                    list.Add(d);
                }
                moved[tree] = list.MoveToImmutable();
            }
            return moved;
        }

        private static Diagnostic? Move(Diagnostic d, Dictionary<SyntaxTree, SyntaxTree> replaced)
        {
            bool touched = Touches(d.Location) || d.AdditionalLocations.Any(Touches);
            if (!touched) return d;
            var location = Move(d.Location, replaced);
            var additional = d.AdditionalLocations.Select(l => Move(l, replaced)).ToList();
            if (location == null || additional.Any(l => l == null)) return null;
            var properties = d.Properties;
            if (d.Location.SourceTree is SyntaxTree old && replaced.TryGetValue(old, out var tree) && FixProperties.ReleaseSpans(properties) is { IsEmpty: false } spans)
            {
                var releases = new List<Location>();
                foreach (var span in spans)
                {
                    if (Move(Location.Create(old, span), replaced) is not Location r) return null;
                    releases.Add(r);
                }
                properties = properties.SetItem(FixProperties.Releases, FixProperties.ReleasesText(releases.ToImmutableArray(), tree));
            }
            var rule = d.Descriptor;
            return Diagnostic.Create(rule.Id, rule.Category, d.GetMessage(CultureInfo.InvariantCulture), d.Severity, d.DefaultSeverity,
                rule.IsEnabledByDefault, d.WarningLevel, rule.Title, rule.Description, rule.HelpLinkUri, location, additional!, rule.CustomTags, properties);

            bool Touches(Location l) => l.SourceTree != null && replaced.ContainsKey(l.SourceTree);
        }

        // The same lines and columns in the new tree, holding the same text.
        private static Location? Move(Location location, Dictionary<SyntaxTree, SyntaxTree> replaced)
        {
            if (location.SourceTree is not SyntaxTree old || !replaced.TryGetValue(old, out var tree)) return location;
            try
            {
                var text = tree.GetText();
                var span = text.Lines.GetTextSpan(location.GetLineSpan().Span);
                if (text.ToString(span) != old.GetText().ToString(location.SourceSpan)) return null;
                return Location.Create(tree, span);
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }
    }
}
