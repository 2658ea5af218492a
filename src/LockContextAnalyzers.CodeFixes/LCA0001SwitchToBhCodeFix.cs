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
    /// "Switch to SpinLockBh": the flagged acquisition takes the lock with bottom halves disabled,
    /// and every release the analysis paired with it (on any path, finally blocks included) becomes
    /// the matching <c>_bh</c> unlock. Guards switch to their <c>Bh</c> form and release themselves.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCA0001SwitchToBhCodeFix)), Shared]
    public sealed class LCA0001SwitchToBhCodeFix : LockFixProvider
    {
        public const string EquivalenceKey = "LCA0001.SwitchToBh";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SoftirqUnsafeLock);

        protected override string? Title(Diagnostic diagnostic, string api) =>
            LockForms.SwitchTitle(api, name => LockForms.WithVariant(name, "Bh"));

        protected override string EquivalenceKeyFor(Diagnostic diagnostic) => EquivalenceKey;

        internal override SyntaxNode? Rewrite(SyntaxNode root, Diagnostic diagnostic, InvocationExpressionSyntax acquisition,
            IReadOnlyList<InvocationExpressionSyntax> releases, SemanticModel model) =>
            RenameToVariant(root, acquisition, releases, "Bh");
    }
}
