using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>
    /// lockdep's "inconsistent lock state": a class used in an interrupt context (IN-SOFTIRQ or
    /// IN-HARDIRQ) is also taken, or held, with that interrupt enabled (SOFTIRQ-ON / HARDIRQ-ON).
    /// One diagnostic per ON site, paired with the first conflicting in-context site.
    /// </summary>
    internal abstract class InconsistentUsageRule : IRule
    {
        public abstract DiagnosticDescriptor Descriptor { get; }

        public bool ClaimsSites => true;
        protected abstract Mark InContext { get; }
        protected abstract Mark On { get; }

        /// <summary>"softirqs" or "hardirqs", for the message.</summary>
        protected abstract string Enabled { get; }

        public IEnumerable<Diagnostic> Report(RuleInput input)
        {
            var (analysis, claimed) = (input.Analysis, input.Claimed);
            foreach (var (on, inContext) in analysis.Marks.Conflicts(analysis.Classes, InContext, On))
            {
                var at = ReportedAt.Of(on) ?? ReportedAt.Of(inContext);
                if (at == null || !ReportedAt.Claim(claimed, on.Location, at)) continue;
                string what = on.Acquisition != null ? $"is taken with {Enabled} enabled"
                    : on.Holder != null ? $"is held (taken at {EntryPoints.Where(on.Holder)}) when {on.ApiName} turns {Enabled} back on"
                    : $"is held when {on.ApiName} turns {Enabled} back on";
                var fix = on.Acquisition != null && on.Location == at && on.Location.SourceTree != null
                    ? FixProperties.ForAcquisition(on.Acquisition.ApiName, on.Acquisition.Releases, on.Location.SourceTree)
                    : null;
                var properties = FindingProperties.Of(on.Class.Name, on.CallPath.Method.DisplayName, reenable: on.Acquisition == null, fix: fix);
                var additional = new[] { on.Location }.Concat(SideDescription.AdditionalLocations(on, inContext)).Where(l => l != at).Distinct().ToList();
                yield return Diagnostic.Create(Descriptor, at, additional, properties,
                    on.Class.Name, what, SideDescription.Of(on), SideDescription.Of(inContext));
            }
        }
    }
}
