using System.Collections.Generic;
using System.Linq;
using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>
    /// LCA0003: a <c>_bh</c> acquisition or <c>LocalBhEnable</c> in hardirq context or with hardirqs
    /// off. Enabling bottom halves there runs pending softirqs with interrupts disabled, which the
    /// kernel forbids (the WARN in <c>__local_bh_enable_ip</c>). The seed driver's hrtimer did this.
    /// </summary>
    internal sealed class LCA0003BhInHardirq : IRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.BhInHardirq,
            title: "Bottom halves enabled in hardirq context or with hardirqs disabled",
            messageFormat: RuleWords.BhInHardirqFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "The _bh lock variants and LocalBhEnable re-enable bottom halves, which may run pending softirqs at once. With hardirqs disabled (in an interrupt handler, a hard hrtimer callback, or under SpinLockIrqSave/LocalIrqSave) that is a kernel bug. Use SpinLockIrqSave for a lock that is also used in hardirq context, plain SpinLock otherwise.",
            helpLinkUri: RuleIds.HelpLink(RuleIds.BhInHardirq));

        public DiagnosticDescriptor Descriptor => Rule;

        public bool ClaimsSites => false;

        public IEnumerable<Diagnostic> Report(RuleInput input)
        {
            var analysis = input.Analysis;
            foreach (var site in analysis.BhInIrqOff)
            {
                string where = site.InHardirq ? "in hardirq context" : "with hardirqs disabled";
                string context = SideDescription.Of(site.CallPath, site.Location);
                var entry = site.CallPath.Entry;
                if (ReportedAt.Of(site.Location, site.CallPath) is not Location at) continue;
                var additional = new[] { site.Location, entry.Context.Registration ?? entry.Method.Location }.Where(l => l != at).Distinct().ToList();
                if (site.Acquisition is not Acquisition acq || site.Location.SourceTree == null)
                {
                    yield return Diagnostic.Create(Rule, at, additional, FindingProperties.Of(null, site.CallPath.Method.DisplayName), site.ApiName, where, context, "it re-enables");
                    continue;
                }
                var classes = analysis.ClassesOf(acq, site.CallPath);
                bool inHardirq = classes.Any(c => analysis.Marks.Of(c, Mark.InHardirq).Count > 0);
                var properties = FindingProperties.Of(classes.IsEmpty ? null : classes[0].Name, site.CallPath.Method.DisplayName,
                    fix: FixProperties.ForAcquisition(acq.ApiName, acq.Releases, site.Location.SourceTree).Add(FixProperties.FixTo, inHardirq ? "IrqSave" : "Plain"));
                string what = classes.IsEmpty ? acq.ApiName : $"{acq.ApiName} of lock '{classes[0].Name}'";
                yield return Diagnostic.Create(Rule, site.Location, additional, properties, what, where, context, "its release re-enables");
            }
        }
    }
}
