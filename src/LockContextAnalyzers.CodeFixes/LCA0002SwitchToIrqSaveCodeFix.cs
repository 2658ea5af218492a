using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>"Switch to SpinLockIrqSave": a flags variable, the irqsave acquisition and the matching restores.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCA0002SwitchToIrqSaveCodeFix)), Shared]
    public sealed class LCA0002SwitchToIrqSaveCodeFix : LockFixProvider
    {
        public const string EquivalenceKey = "LCA0002.SwitchToIrqSave";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.HardirqUnsafeLock);

        protected override string? Title(Diagnostic diagnostic, string api) => IrqSaveTitle(api);

        protected override string EquivalenceKeyFor(Diagnostic diagnostic) => EquivalenceKey;

        internal override SyntaxNode? Rewrite(SyntaxNode root, Diagnostic diagnostic, InvocationExpressionSyntax acquisition,
            IReadOnlyList<InvocationExpressionSyntax> releases, SemanticModel model) =>
            IrqSaveRewrite.Apply(root, acquisition, releases, IsGuard(diagnostic), model);

        internal static bool IsGuard(Diagnostic d) =>
            d.Properties.TryGetValue(FixProperties.Api, out var api) && api != null && LockForms.IsGuard(api);

        /// <summary>"Switch to SpinLockIrqSave" (or the rwlock / guard form); null where the model has no irqsave form (trylocks).</summary>
        internal static string? IrqSaveTitle(string api) => LockForms.SwitchTitle(api, LockForms.IrqSaveForm);
    }
}
