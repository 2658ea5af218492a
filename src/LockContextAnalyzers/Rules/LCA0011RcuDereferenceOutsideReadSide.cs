using System.Collections.Generic;
using System.Linq;
using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>LCA0011: an RCU pointer followed outside its read-side section (lockdep-RCU's "suspicious rcu_dereference_check() usage").</summary>
    internal sealed class LCA0011RcuDereferenceOutsideReadSide : IRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.RcuDereferenceOutsideReadSide,
            title: "RCU-protected pointer dereferenced outside its read-side section",
            messageFormat: RuleWords.RcuDereferenceOutsideReadSideFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "RcuDereference must run inside RcuReadLock/Guard.RcuRead, opened in the method or by every caller on the way; RcuDereferenceBh inside RcuReadLockBh or with bottom halves or hardirqs off (softirq context counts). Outside, an updater's SynchronizeRcu or CallRcu does not wait for this reader, and the object can be freed while it is read.",
            helpLinkUri: RuleIds.HelpLink(RuleIds.RcuDereferenceOutsideReadSide));

        public DiagnosticDescriptor Descriptor => Rule;

        public bool ClaimsSites => false;

        public IEnumerable<Diagnostic> Report(RuleInput input)
        {
            var analysis = input.Analysis;
            foreach (var o in analysis.RcuOutsideSections)
            {
                var entry = o.CallPath.Entry;
                var additional = new[] { entry.Context.Registration ?? entry.Method.Location }.Where(l => l != null && l != o.Site.Location).Distinct();
                yield return Diagnostic.Create(Rule, o.Site.Location, additional,
                    FindingProperties.Of(null, o.CallPath.Method.DisplayName, pointer: o.Site.Pointer),
                    o.Site.Pointer, o.Site.ApiName, o.Site.Bh ? RuleWords.RcuBhReadSide : RuleWords.RcuReadSide, SideDescription.Of(o.CallPath, o.Site.Location), RuleWords.RcuFreedWhileUsed);
            }
        }
    }
}
