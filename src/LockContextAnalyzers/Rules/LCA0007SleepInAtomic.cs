using System.Collections.Generic;
using System.Linq;
using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>LCA0007: a call that may sleep in atomic context ("BUG: sleeping function called from invalid context").</summary>
    internal sealed class LCA0007SleepInAtomic : IRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.SleepInAtomic,
            title: "Call that may sleep in atomic context",
            messageFormat: RuleWords.SleepInAtomicFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "MutexLock, Msleep, SynchronizeRcu, MightSleep, [MightSleep] methods and anything that calls them may sleep. Under a spinlock or rwlock, with bottom halves or interrupts disabled, in softirq or hardirq context, or inside an RCU read-side section, sleeping is forbidden.",
            helpLinkUri: RuleIds.HelpLink(RuleIds.SleepInAtomic));

        public DiagnosticDescriptor Descriptor => Rule;

        public bool ClaimsSites => false;

        public IEnumerable<Diagnostic> Report(RuleInput input)
        {
            var analysis = input.Analysis;
            foreach (var s in analysis.SleepsInAtomic)
            {
                var entry = s.CallPath.Entry;
                // A sleep inside a referenced library is found atomic only by what the library itself
                // holds or disabled (a caller's atomic state is judged at the caller's call): its own
                // finding, unless what sleeps is a callback from here that the library runs.
                var at = s.Location.IsInSource ? s.Location
                    : s.Callee is { ImportedFrom: null } ? ReportedAt.Of(s.Location, s.CallPath)
                    : null;
                if (at == null) continue;
                var additional = new[] { s.Location, s.AtomicSince, entry.Context.Registration ?? entry.Method.Location }
                    .Where(l => l != null && l != at).Select(l => l!).Distinct();
                yield return Diagnostic.Create(Rule, at, additional, FindingProperties.Of(s.Why.LockName, s.CallPath.Method.DisplayName), s.Sleeper, s.Chain, Why(s.Why), SideDescription.Of(s.CallPath, s.Location));
            }
        }

        /// <summary>"with spinlock 'Dev.Lock' held in 'Reset'", "in softirq context (timer callback registered by ...)".</summary>
        private static string Why(AtomicCause c) =>
            RuleWords.Atomic(c.Kind.ToString(), c.LockName)
            + (c.InMethod == null ? "" : $" in '{c.InMethod.DisplayName}'")
            + (c.Entry == null ? "" : $" ({EntryWords.Of(c.Entry)})");
    }
}
