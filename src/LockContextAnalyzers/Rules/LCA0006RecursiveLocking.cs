using System.Collections.Generic;
using System.Linq;
using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>LCA0006: a class taken again while the same path already holds it (lockdep's "possible recursive locking detected").</summary>
    internal sealed class LCA0006RecursiveLocking : IRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.RecursiveLocking,
            title: "Lock taken again while already held",
            messageFormat: RuleWords.RecursiveLockingFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Spinlocks, rwlock writers and mutexes are not recursive. Taking a lock class that the same path already holds, directly or in a callee, deadlocks (two instances of one class count too: lockdep needs them annotated with a nesting level).",
            helpLinkUri: RuleIds.HelpLink(RuleIds.RecursiveLocking));

        public DiagnosticDescriptor Descriptor => Rule;

        public bool ClaimsSites => false;

        public IEnumerable<Diagnostic> Report(RuleInput input)
        {
            var (analysis, claimed) = (input.Analysis, input.Claimed);
            foreach (var edge in analysis.Edges)
            {
                if (edge.From.Id != edge.To.Id || (edge.FromRead && edge.ToRead)) continue; // rwlock readers nest
                if (ReportedAt.Of(edge) is not Location at || !ReportedAt.Claim(claimed, edge.Location, at)) continue;
                yield return Diagnostic.Create(Rule, at, new[] { edge.Location, edge.HolderLocation }.Where(l => l != at).Distinct(),
                    FindingProperties.Of(edge.To.Name, edge.CallPath.Method.DisplayName),
                    edge.To.Name, OrderSide.Of(edge), EntryPoints.Where(edge.HolderLocation));
            }
        }
    }
}
