using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>
    /// Every rule, in the order they report: the one place a rule is added. Order is precedence for
    /// the rules that claim sites: LCA0002 before LCA0001 (where a site is both, the irqsave fix
    /// covers the softirq half too), and both before LCA0004 (a site reported as a context bug
    /// carries no lock-order finding besides).
    /// </summary>
    internal static class RuleRegistry
    {
        public static readonly ImmutableArray<IRule> All = ImmutableArray.Create<IRule>(
            new LCA0002HardirqUnsafeLock(),
            new LCA0001SoftirqUnsafeLock(),
            new LCA0003BhInHardirq(),
            new LCA0004LockOrderInversion(),
            new LCA0005IrqSafeToUnsafe(),
            new LCA0006RecursiveLocking(),
            new LCA0007SleepInAtomic(),
            new LCA0008UnbalancedRelease(),
            new LCA0009ContradictedAttribute(),
            new LCA0010LockNotHeld(),
            new LCA0011RcuDereferenceOutsideReadSide());

        /// <summary>The descriptors, in ID order.</summary>
        public static ImmutableArray<DiagnosticDescriptor> Descriptors() =>
            All.Select(r => r.Descriptor).OrderBy(d => d.Id, System.StringComparer.Ordinal).ToImmutableArray();

        /// <summary>Every rule's findings on one analysis, in registry order.</summary>
        public static IEnumerable<Diagnostic> Report(LockAnalysis analysis, CancellationToken ct)
        {
            var shared = new HashSet<Location>();
            foreach (var rule in All)
                foreach (var d in rule.Report(new RuleInput(analysis, rule.ClaimsSites ? shared : new HashSet<Location>(), ct)))
                {
                    ct.ThrowIfCancellationRequested();
                    yield return d;
                }
        }
    }
}
