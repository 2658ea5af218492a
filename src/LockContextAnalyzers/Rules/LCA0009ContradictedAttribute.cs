using System.Collections.Generic;
using System.Linq;
using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>LCA0009: a context attribute the call graph contradicts, reported at the attribute.</summary>
    internal sealed class LCA0009ContradictedAttribute : IRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.ContradictedAttribute,
            title: "Context attribute contradicted by the call graph",
            messageFormat: RuleWords.ContradictedAttributeFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A context attribute is the analysis's strongest source of context, so it must be true: a [ProcessContext] method must not be reached from softirq or hardirq context (or with bh/irqs disabled), a [HardirqContext] method must not be called from process context with interrupts on, a [SoftirqContext] method must not be called with bottom halves enabled.",
            helpLinkUri: RuleIds.HelpLink(RuleIds.ContradictedAttribute));

        public DiagnosticDescriptor Descriptor => Rule;

        public bool ClaimsSites => false;

        public IEnumerable<Diagnostic> Report(RuleInput input)
        {
            var analysis = input.Analysis;
            var seen = new HashSet<Location>();
            foreach (var c in analysis.AttributeContradictions)
            {
                var declaredAt = c.Declared.Registration ?? c.Method.Location;
                // An attribute of a referenced library's method: at the call here that contradicts it.
                var at = declaredAt.IsInSource ? declaredAt : c.Location.IsInSource ? c.Location : null;
                if (at == null || !seen.Add(at)) continue;
                yield return Diagnostic.Create(Rule, at, new[] { c.Location, declaredAt }.Where(l => l != at).Distinct(),
                    FindingProperties.Of(null, c.Method.DisplayName), c.Method.DisplayName, EntryWords.Of(c.Declared), Reached(c));
            }
        }

        /// <summary>"called from 'Rx' at F.cs:9 in softirq context (timer callback ...)", or "the timer callback registered by ...".</summary>
        private static string Reached(AttributeContradiction c) => c.Caller == null
            ? "the " + EntryWords.Of(c.ReachedFrom)
            : $"called from '{c.Caller.DisplayName}' at {EntryPoints.Where(c.Location)} {Describe(c.Kind, c.BhOff, c.IrqOff)} ({EntryWords.Of(c.ReachedFrom)})";

        private static string Describe(ContextKind kind, bool bhOff, bool irqOff) => kind switch
        {
            ContextKind.Softirq => "in softirq context",
            ContextKind.Hardirq => "in hardirq context",
            _ => irqOff ? "in process context with hardirqs disabled" : bhOff ? "in process context with bottom halves disabled" : "in process context with bh and irqs enabled",
        };
    }
}
