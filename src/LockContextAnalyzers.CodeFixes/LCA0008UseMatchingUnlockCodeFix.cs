using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>LCA0008's fix for a variant mismatch: call the release that matches the acquisition.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCA0008UseMatchingUnlockCodeFix)), Shared]
    public sealed class LCA0008UseMatchingUnlockCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = "LCA0008.UseMatchingUnlock";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnbalancedRelease);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
            {
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                return root == null ? document : document.WithSyntaxRoot(Apply(root, diagnostics));
            });

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(FixProperties.FixTo, out var to) || to == null) continue;
                if (LockCallSyntax.InvocationAt(root, diagnostic.Location.SourceSpan) == null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create("Use " + to, _ => Task.FromResult(context.Document.WithSyntaxRoot(Apply(root, new[] { diagnostic }))), EquivalenceKey),
                    diagnostic);
            }
        }

        private static SyntaxNode Apply(SyntaxNode root, System.Collections.Generic.IEnumerable<Diagnostic> diagnostics)
        {
            var renames = new System.Collections.Generic.Dictionary<SyntaxToken, string>();
            foreach (var d in diagnostics)
                if (d.Properties.TryGetValue(FixProperties.FixTo, out var to) && to != null
                    && LockCallSyntax.InvocationAt(root, d.Location.SourceSpan) is { } call && LockCallSyntax.NameToken(call) is SyntaxToken name)
                    renames[name] = to;
            return LockCallSyntax.Rename(root, renames);
        }
    }
}
