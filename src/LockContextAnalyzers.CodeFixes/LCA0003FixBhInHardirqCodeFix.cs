using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>
    /// LCA0003: a <c>_bh</c> lock in hardirq context or with irqs off. If the lock class is used in
    /// hardirq context, "Switch to SpinLockIrqSave" (what every user of such a lock needs); else
    /// "Switch to SpinLock", since irqs off already keeps softirqs away.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCA0003FixBhInHardirqCodeFix)), Shared]
    public sealed class LCA0003FixBhInHardirqCodeFix : LockFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BhInHardirq);

        private static bool ToIrqSave(Diagnostic d) =>
            d.Properties.TryGetValue(FixProperties.FixTo, out var to) && to == "IrqSave";

        protected override string? Title(Diagnostic diagnostic, string api)
        {
            return ToIrqSave(diagnostic)
                ? LCA0002SwitchToIrqSaveCodeFix.IrqSaveTitle(api)
                : LockForms.SwitchTitle(api, name => LockForms.WithVariant(name, ""));
        }

        protected override string EquivalenceKeyFor(Diagnostic diagnostic) =>
            ToIrqSave(diagnostic) ? "LCA0003.SwitchToIrqSave" : "LCA0003.SwitchToPlain";

        internal override SyntaxNode? Rewrite(SyntaxNode root, Diagnostic diagnostic, InvocationExpressionSyntax acquisition,
            IReadOnlyList<InvocationExpressionSyntax> releases, SemanticModel model) =>
            ToIrqSave(diagnostic)
                ? IrqSaveRewrite.Apply(root, acquisition, releases, LCA0002SwitchToIrqSaveCodeFix.IsGuard(diagnostic), model)
                : RenameToVariant(root, acquisition, releases, "");
    }
}
