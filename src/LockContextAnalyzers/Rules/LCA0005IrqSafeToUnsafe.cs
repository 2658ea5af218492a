using System.Collections.Generic;
using System.Linq;
using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>
    /// LCA0005: an irq-safe class held, directly or through a chain of dependencies, while an
    /// irq-unsafe class is taken (lockdep's "SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected").
    /// Reported at the edge into the unsafe class: the acquisition that closes the chain. An unsafe
    /// use that LCA0001/LCA0002 already report is not counted: their fix makes it safe.
    /// </summary>
    internal sealed class LCA0005IrqSafeToUnsafe : IRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.IrqSafeToUnsafe,
            title: "Lock taken with interrupts enabled is nested inside a lock used in interrupt context",
            messageFormat: RuleWords.IrqSafeToUnsafeFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A lock used in interrupt context (irq-safe) must not be held, directly or through a chain of further locks, while taking a lock that is elsewhere taken with that interrupt enabled (irq-unsafe): one CPU holds the inner lock and is interrupted by a handler that wants the outer one, while another CPU holds the outer lock and waits, along the chain, for the inner.",
            helpLinkUri: RuleIds.HelpLink(RuleIds.IrqSafeToUnsafe));

        public DiagnosticDescriptor Descriptor => Rule;

        public bool ClaimsSites => false;

        private static readonly (Mark In, Mark On, string Word)[] Kinds =
        {
            (Mark.InHardirq, Mark.HardirqOn, "hardirq"),
            (Mark.InSoftirq, Mark.SoftirqOn, "softirq"),
        };

        public IEnumerable<Diagnostic> Report(RuleInput input)
        {
            var (analysis, claimed) = (input.Analysis, input.Claimed);
            var marks = analysis.Marks;
            var chains = Kinds.Select(k => new IrqSafeChains(analysis, k.In)).ToArray();
            var reported = new Dictionary<(int, Mark), HashSet<Location>>();
            foreach (var edge in analysis.Edges)
            {
                if (edge.From.Id == edge.To.Id) continue;
                for (int k = 0; k < Kinds.Length; k++)
                {
                    var (_, onMark, word) = Kinds[k];
                    var unsafeSite = UnsafeUse(analysis, edge, onMark, reported);
                    if (unsafeSite == null || chains[k].Before(edge) is not { } found) continue;
                    var (safe, chain) = found;
                    if (ReportedAt.Of(edge) is not Location at || !ReportedAt.Claim(claimed, edge.Location, at)) break;
                    var additional = new List<Location> { edge.Location, edge.HolderLocation, safe.Location, unsafeSite.Location };
                    foreach (var link in chain) { additional.Add(link.HolderLocation); additional.Add(link.Location); }
                    string safeClass = chain.Count == 0 ? edge.From.Name : chain[0].From.Name;
                    yield return Diagnostic.Create(Rule, at, additional.Where(l => l != at).Distinct(),
                        FindingProperties.Of(edge.To.Name, edge.CallPath.Method.DisplayName, other: safeClass),
                        edge.To.Name, edge.From.Name, OrderSide.Of(edge), Chain(chain, edge), safeClass, word,
                        SideDescription.Of(safe), SideDescription.Of(unsafeSite));
                    break;
                }
            }
        }

        /// <summary>
        /// A use of the inner class with the interrupt enabled that no other rule reports. Taken by
        /// a reader under the chain, only its write uses count (readers nest, lockdep's <c>only_xr</c>).
        /// </summary>
        private static MarkWitness? UnsafeUse(LockAnalysis analysis, LockEdge edge, Mark on, Dictionary<(int, Mark), HashSet<Location>> reported)
        {
            var uses = analysis.Marks.Of(edge.To, on);
            if (uses.Count == 0) return null;
            var covered = ReportedElsewhere(analysis.Marks, edge.To, on, reported);
            return uses.FirstOrDefault(w => !(edge.ToRead && w.Read) && !covered.Contains(w.Location));
        }

        /// <summary>
        /// The sites where LCA0002 (any ON site it reports: its irqsave fix makes both safe) or, for
        /// softirqs, LCA0001 already reports the class.
        /// </summary>
        private static HashSet<Location> ReportedElsewhere(UsageMarks marks, LockClass c, Mark on, Dictionary<(int, Mark), HashSet<Location>> cache)
        {
            if (cache.TryGetValue((c.Id, on), out var sites)) return sites;
            var classes = new[] { c };
            sites = new HashSet<Location>(marks.Conflicts(classes, Mark.InHardirq, Mark.HardirqOn).Select(p => p.On.Location));
            if (on == Mark.SoftirqOn) sites.UnionWith(marks.Conflicts(classes, Mark.InSoftirq, Mark.SoftirqOn).Select(p => p.On.Location));
            cache[(c.Id, on)] = sites;
            return sites;
        }

        /// <summary>", which closes the chain 'A' -> 'B' -> 'C' ('B' is taken while 'A' is held at F.cs:12)"; empty for a direct edge.</summary>
        private static string Chain(IReadOnlyList<LockEdge> chain, LockEdge last)
        {
            if (chain.Count == 0) return "";
            var names = chain.Select(l => $"'{l.From.Name}'").Concat(new[] { $"'{last.From.Name}'", $"'{last.To.Name}'" });
            var links = chain.Select(l => $"'{l.To.Name}' is taken while '{l.From.Name}' is held at {EntryPoints.Where(l.Location)}");
            return $", which closes the chain {string.Join(" -> ", names)} ({string.Join("; ", links)})";
        }
    }
}
