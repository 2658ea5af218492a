using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>
    /// LCA0010: a lock that must be held is not, on some path: guarded data read without its lock or
    /// written without it held exclusively, an RCU pointer updated or read on its update side without
    /// its lock, a <c>LockdepAssertHeld*</c> that can fail. Callers count: a lock every caller holds is held.
    /// </summary>
    internal sealed class LCA0010LockNotHeld : IRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.LockNotHeld,
            title: "Lock that must be held is not held",
            messageFormat: RuleWords.LockNotHeldFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A [GuardedBy] field or property needs its lock held to be read, and held exclusively to be written; RcuAssignPointer/RcuReplacePointer and RcuDereferenceProtected need the pointer's update-side lock; LockdepAssertHeld needs the lock held. Held means on every path, in this method or by every caller on the way in. Constructors may initialize their own object's data without it.",
            helpLinkUri: RuleIds.HelpLink(RuleIds.LockNotHeld));

        public DiagnosticDescriptor Descriptor => Rule;

        public bool ClaimsSites => false;

        public IEnumerable<Diagnostic> Report(RuleInput input)
        {
            var (analysis, ct) = (input.Analysis, input.CancellationToken);
            var open = new List<(MethodSummary Method, GuardedSite Site, IReadOnlyList<LockClass> Classes)>();
            foreach (var m in analysis.Summaries)
                foreach (var site in m.GuardedSites)
                {
                    if (site.HeldHere) continue;
                    var classes = analysis.Locks.Resolve(site.Lock, null);
                    if (!classes.IsEmpty) open.Add((m, site, classes)); // a lock it cannot trace: silence
                }
            if (open.Count == 0) yield break;
            var entry = new HeldOnEntry(analysis, open.Select(o => o.Method).Distinct(), ct);
            foreach (var (method, site, classes) in open)
            {
                if (entry.Holds(method, classes, site.Needs)) continue;
                var way = entry.WayInWithout(method, classes, site.Needs);
                string side = $"'{method.DisplayName}' at {EntryPoints.Where(site.Location)}"
                    + (way is var (chain, _) ? $" (reached without it via {chain})" : " (nothing in the compilation calls it with the lock held)");
                var additional = new[] { site.GuardDeclaration, way?.Call }.Where(l => l != null).Select(l => l!).Distinct();
                var properties = FindingProperties.Of(classes[0].Name, method.DisplayName,
                    pointer: site.Use is GuardedUse.RcuUpdate or GuardedUse.RcuProtectedRead ? site.Subject : null,
                    member: site.Use is GuardedUse.Read or GuardedUse.Write ? site.Subject : null,
                    fix: FixFor(analysis, entry, method, site, classes[0]));
                yield return Diagnostic.Create(Rule, site.Location, additional, properties,
                    What(site), classes[0].Name, Mode(site.Needs), side, Consequence(site));
            }
        }

        /// <summary>
        /// The guard that takes the lock around the access, where one method can do it alone: a read or
        /// write of this object's (or static) data, nothing held there or by any caller on the way in
        /// (no new lock order), a spinning lock. Its variant follows the lock's use in interrupts, so the
        /// fix does not make LCA0001/LCA0002.
        /// </summary>
        private static System.Collections.Immutable.ImmutableDictionary<string, string?>? FixFor(LockAnalysis analysis, HeldOnEntry entry,
            MethodSummary method, GuardedSite site, LockClass lockClass)
        {
            if (site.FixLock == null || !site.NothingHeld || site.Use is not (GuardedUse.Read or GuardedUse.Write)) return null;
            if (site.LockType is not ("Spinlock" or "Rwlock") || method.DeclaredContext != null || entry.MayHoldAnything(method)) return null;
            string variant = analysis.Marks.Of(lockClass, Mark.InHardirq).Count > 0 ? "IrqSave"
                : analysis.Marks.Of(lockClass, Mark.InSoftirq).Count > 0 ? "Bh" : "";
            string guard = site.LockType == "Spinlock" ? "Guard.SpinLock" + variant
                : $"Guard.{(site.Use == GuardedUse.Write ? "Write" : "Read")}Lock{variant}";
            return System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty
                .Add(FixProperties.FixTo, guard)
                .Add(FixProperties.Lock, site.FixLock);
        }

        private static string What(GuardedSite s) => s.Use switch
        {
            GuardedUse.Read => $"'{s.Subject}' is read",
            GuardedUse.Write => $"'{s.Subject}' is written",
            GuardedUse.RcuUpdate => $"{s.ApiName} updates RCU pointer '{s.Subject}'",
            GuardedUse.RcuProtectedRead => $"{s.ApiName} reads RCU pointer '{s.Subject}' on its update side",
            GuardedUse.MustHoldCall => $"'{s.ApiName}', which is [MustHold(\"{s.LockName}\")], is called",
            _ => $"{s.ApiName} fails",
        };

        private static string Mode(HoldNeeded needs) => RuleWords.HeldMode(needs == HoldNeeded.Exclusive, needs == HoldNeeded.Read);

        private static string Consequence(GuardedSite s) => s.Use switch
        {
            GuardedUse.Read or GuardedUse.Write => s.GuardDeclaration != null
                ? $"its [GuardedBy] at {EntryPoints.Where(s.GuardDeclaration)} names that lock, and {RuleWords.DataChangedMeanwhile}"
                : RuleWords.DataChangedMeanwhile,
            GuardedUse.Assert => RuleWords.AssertCountsOnTheLock,
            GuardedUse.MustHoldCall => RuleWords.MustHoldCountsOnTheLock,
            _ => RuleWords.UpdatersAtOnce,
        };
    }
}
