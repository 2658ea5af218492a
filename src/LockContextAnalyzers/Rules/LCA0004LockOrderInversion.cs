using System.Collections.Generic;
using System.Linq;
using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>LCA0004: two (or more) lock classes taken in opposite orders somewhere in the compilation (lockdep's "possible circular locking dependency").</summary>
    internal sealed class LCA0004LockOrderInversion : IRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.LockOrderInversion,
            title: "Locks taken in both orders",
            messageFormat: RuleWords.LockOrderInversionFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Every path must take any two lock classes in one global order. If one path holds A and takes B while another holds B and takes A (directly or through any chain of calls and further locks), two CPUs can each hold one and wait for the other.",
            helpLinkUri: RuleIds.HelpLink(RuleIds.LockOrderInversion));

        public DiagnosticDescriptor Descriptor => Rule;

        public bool ClaimsSites => true;

        public IEnumerable<Diagnostic> Report(RuleInput input)
        {
            var (analysis, claimed) = (input.Analysis, input.Claimed);
            // Only strong cycles deadlock: rwlock readers nest, so a cycle that passes a class from a
            // reader to a reader (taken read, then held read) waits for nothing there.
            foreach (var (edge, back) in LockCycles.Find(analysis.Edges))
            {
                if (ReportedAt.Of(edge) is not Location at || !ReportedAt.Claim(claimed, edge.Location, at)) continue;
                string reverse = string.Join(", then ", back.Select(b =>
                    $"'{b.To.Name}' is taken while '{b.From.Name}' is held in {OrderSide.Of(b)}"));
                var additional = new List<Location> { edge.Location, edge.HolderLocation };
                foreach (var b in back) { additional.Add(b.HolderLocation); additional.Add(b.Location); }
                yield return Diagnostic.Create(Rule, at, additional.Where(l => l != at).Distinct(),
                    FindingProperties.Of(edge.To.Name, edge.CallPath.Method.DisplayName, other: edge.From.Name), edge.To.Name, edge.From.Name, OrderSide.Of(edge), reverse);
            }
        }
    }

    /// <summary>How lock-order messages describe the place of an edge.</summary>
    internal static class OrderSide
    {
        /// <summary>"'Xmit' at Net.cs:40 (via Helper -> Inner; process context: ...)".</summary>
        public static string Of(LockEdge e)
        {
            var path = e.CallPath;
            string via = e.Via.Length == 0 ? "" : $"through {e.Via}; ";
            return $"'{path.Method.DisplayName}' at {EntryPoints.Where(e.Location)} ({via}{EntryWords.Of(path.Entry.Context)})";
        }
    }
}
