using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.Engine;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>
    /// LCA0005: an irq-safe class held while an irq-unsafe class is taken (lockdep's
    /// "SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected"). Where the inner class's own uses
    /// conflict (LCA0001/LCA0002 report it), this rule stays quiet.
    /// </summary>
    internal sealed class LCA0005IrqSafeToUnsafe
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.IrqSafeToUnsafe,
            title: "Lock taken with interrupts enabled is nested inside a lock used in interrupt context",
            messageFormat: "Lock '{0}' is taken while '{1}' is held in {2}; '{1}' is used in {3} context ({4}), but '{0}' is taken with {3}s enabled ({5}): a {3} on a CPU that holds '{0}' can spin on '{1}' while its holder waits for '{0}'",
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A lock used in interrupt context (irq-safe) must not be held while taking a lock that is elsewhere taken with that interrupt enabled (irq-unsafe): one CPU holds the inner lock and is interrupted by a handler that wants the outer one, while another CPU holds the outer lock and waits for the inner.",
            helpLinkUri: RuleIds.HelpLink(RuleIds.IrqSafeToUnsafe));

        private static readonly (Mark In, Mark On, string Word)[] Kinds =
        {
            (Mark.InHardirq, Mark.HardirqOn, "hardirq"),
            (Mark.InSoftirq, Mark.SoftirqOn, "softirq"),
        };

        public IEnumerable<Diagnostic> Report(LockAnalysis analysis, ISet<Location> claimed)
        {
            var marks = analysis.Marks;
            foreach (var edge in analysis.Edges)
            {
                if (edge.From.Id == edge.To.Id) continue;
                foreach (var (inMark, onMark, word) in Kinds)
                {
                    var safe = marks.Of(edge.From, inMark).FirstOrDefault();
                    var unsafeSite = marks.Of(edge.To, onMark).FirstOrDefault();
                    // Where the inner class's own uses conflict, LCA0001/LCA0002 report it; a class
                    // only read in that context and only read with it enabled has no such finding.
                    if (safe == null || unsafeSite == null || marks.Conflicts(new[] { edge.To }, inMark, onMark).Any()) continue;
                    if (!claimed.Add(edge.Site)) break;
                    yield return Diagnostic.Create(Rule, edge.Site, new[] { edge.HolderSite, safe.Site, unsafeSite.Site }.Where(l => l != edge.Site).Distinct(),
                        edge.To.Name, edge.From.Name, OrderSide.Of(edge), word, SideDescription.Of(safe), SideDescription.Of(unsafeSite));
                    break;
                }
            }
        }
    }
}
