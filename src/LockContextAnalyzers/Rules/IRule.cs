using System.Collections.Generic;
using System.Threading;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>One rule: its descriptor, whether it takes part in one-diagnostic-per-site, and its findings.</summary>
    internal interface IRule
    {
        DiagnosticDescriptor Descriptor { get; }

        /// <summary>
        /// It claims the sites it reports from the set the rules before it share, and skips those
        /// already claimed: one finding, one diagnostic (LCA0002 before LCA0001, their fixes cover LCA0004's site).
        /// </summary>
        bool ClaimsSites { get; }

        IEnumerable<Diagnostic> Report(RuleInput input);
    }

    /// <summary>What every rule reads: the whole-compilation analysis, and the sites claimed so far.</summary>
    internal sealed class RuleInput
    {
        public RuleInput(LockAnalysis analysis, ISet<Location> claimed, CancellationToken cancellationToken)
        {
            Analysis = analysis;
            Claimed = claimed;
            CancellationToken = cancellationToken;
        }

        public LockAnalysis Analysis { get; }

        /// <summary>Shared by the rules that claim sites; a rule that does not gets a set of its own (its own de-duplication).</summary>
        public ISet<Location> Claimed { get; }

        public CancellationToken CancellationToken { get; }
    }
}
