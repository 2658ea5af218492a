using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>LCA0008: a release that does not match (lockdep's "bad unlock balance"), or a lock left held at a return.</summary>
    internal sealed class LCA0008UnbalancedRelease : IRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.UnbalancedRelease,
            title: "Unbalanced or mismatched lock release",
            messageFormat: RuleWords.UnbalancedReleaseFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Every acquisition is released once, on every path, by the release of its own variant, in the method that took it: unless the method says otherwise with [Acquires], [Releases] or [MustHold].",
            helpLinkUri: RuleIds.HelpLink(RuleIds.UnbalancedRelease));

        public DiagnosticDescriptor Descriptor => Rule;

        public bool ClaimsSites => false;

        public IEnumerable<Diagnostic> Report(RuleInput input)
        {
            var summaries = input.Analysis.Summaries;
            var seen = new HashSet<Location>();
            foreach (var summary in summaries)
                foreach (var issue in summary.BalanceIssues)
                {
                    if (!seen.Add(issue.Location)) continue;
                    string call = $"'{Text(issue.Location)}'";
                    string where = $"'{summary.DisplayName}' at {EntryPoints.Where(issue.Location)}";
                    var acq = issue.Acquisition;
                    var about = FindingProperties.Of(null, summary.DisplayName);
                    switch (issue.Kind)
                    {
                        case BalanceKind.NotHeld:
                            yield return Diagnostic.Create(Rule, issue.Location, null, about, call, where,
                                "it releases a lock that no path through the method has taken; if the caller takes it, say so with [MustHold] or [Releases]");
                            break;
                        case BalanceKind.NotHeldOnSomePath:
                            yield return Diagnostic.Create(Rule, issue.Location, null, about, call, where,
                                "some path reaches this release without having taken the lock, and unlocks a lock it does not hold");
                            break;
                        case BalanceKind.VariantMismatch when acq != null:
                            var properties = CanRename(acq, issue)
                                ? FindingProperties.Of(null, summary.DisplayName, fix: ImmutableDictionary<string, string?>.Empty.Add(FixProperties.FixTo, issue.MatchingRelease))
                                : about;
                            yield return Diagnostic.Create(Rule, issue.Location, new[] { acq.Location }, properties, call, where,
                                $"it releases a lock taken by '{Text(acq.Location)}' at {EntryPoints.Where(acq.Location)}, whose release is {issue.MatchingRelease}; {RuleWords.MismatchedRelease(acq.Variant.ToString())}");
                            break;
                        case BalanceKind.FlagsFromAnotherSave:
                            yield return Diagnostic.Create(Rule, issue.Location, acq == null ? null : new[] { acq.Location }, about, call, where,
                                acq == null
                                    ? "it restores flags saved by LocalIrqSave, not by the irqsave that took this lock; interrupts come back in another state"
                                    : $"it restores the flags that '{Text(acq.Location)}' at {EntryPoints.Where(acq.Location)} saved, not those of the irqsave that took this lock; interrupts come back in another state");
                            break;
                        case BalanceKind.LeftOpen when acq != null:
                            yield return Diagnostic.Create(Rule, issue.Location, acq.Releases.Where(l => l != issue.Location), about, call, where,
                                $"the lock is still held on some path where the method returns; release it with {issue.MatchingRelease} on every path, or mark the method [Acquires]");
                            break;
                    }
                }
        }

        // The fix renames the call; a restore needs the saved flags, which a plain rename cannot supply.
        private static bool CanRename(Acquisition acq, BalanceIssue issue) =>
            acq.Variant != LockVariant.IrqSave && issue.MatchingRelease != null
            && !issue.ApiName.EndsWith("IrqRestore", System.StringComparison.Ordinal);

        private static string Text(Location location) =>
            location.SourceTree?.GetText().ToString(location.SourceSpan) ?? "the call";
    }
}
