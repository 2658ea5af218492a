using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>
    /// The shape every lock fix shares: it works on an acquisition and the releases the analyzer
    /// paired with it (diagnostic properties, so the fix never re-runs the analysis), offers one
    /// action with a stable equivalence key, and fixes a whole document in one pass for Fix All.
    /// </summary>
    public abstract class LockFixProvider : CodeFixProvider
    {
        /// <summary>The action's title for this diagnostic, or null when this fix does not apply to it.</summary>
        protected abstract string? Title(Diagnostic diagnostic, string api);

        protected abstract string EquivalenceKeyFor(Diagnostic diagnostic);

        /// <summary>Rewrites one acquisition and its releases in <paramref name="root"/>; returns null if it cannot.</summary>
        internal abstract SyntaxNode? Rewrite(SyntaxNode root, Diagnostic diagnostic, InvocationExpressionSyntax acquisition,
            IReadOnlyList<InvocationExpressionSyntax> releases, SemanticModel model);

        public sealed override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
                (Document?)await FixDocumentAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(FixProperties.Api, out var api) || api == null) continue;
                if (LockCallSyntax.InvocationAt(root, diagnostic.Location.SourceSpan) == null) continue;
                var title = Title(diagnostic, api);
                if (title == null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKeyFor(diagnostic)),
                    diagnostic);
            }
        }

        private async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken ct)
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
            if (root == null || model == null) return document;

            // Mark every site first: each rewrite shifts text, and later diagnostics' spans with it.
            var marks = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
            var work = new List<(Diagnostic Diagnostic, SyntaxAnnotation Acquisition, SyntaxAnnotation Release)>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                var acquisition = LockCallSyntax.InvocationAt(root, diagnostic.Location.SourceSpan);
                if (acquisition == null || !diagnostic.Properties.TryGetValue(FixProperties.Api, out var api) || api == null || Title(diagnostic, api) == null)
                    continue;
                var item = (diagnostic, new SyntaxAnnotation(), new SyntaxAnnotation());
                Mark(marks, acquisition, item.Item2);
                foreach (var span in FixProperties.ReleaseSpans(diagnostic.Properties))
                    if (LockCallSyntax.InvocationAt(root, span) is InvocationExpressionSyntax release) Mark(marks, release, item.Item3);
                work.Add(item);
            }
            root = root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original]));

            foreach (var (diagnostic, acquisitionMark, releaseMark) in work)
            {
                ct.ThrowIfCancellationRequested();
                if (root.GetAnnotatedNodes(acquisitionMark).FirstOrDefault() is not InvocationExpressionSyntax acquisition) continue;
                var releases = root.GetAnnotatedNodes(releaseMark).OfType<InvocationExpressionSyntax>().ToList();
                root = Rewrite(root, diagnostic, acquisition, releases, model) ?? root;
            }
            return document.WithSyntaxRoot(root);
        }

        private static void Mark(Dictionary<SyntaxNode, List<SyntaxAnnotation>> marks, SyntaxNode node, SyntaxAnnotation mark)
        {
            if (!marks.TryGetValue(node, out var list)) marks[node] = list = new List<SyntaxAnnotation>();
            list.Add(mark);
        }

        /// <summary>Renames the acquisition and each release to the given variant, where the model has that form.</summary>
        internal static SyntaxNode RenameToVariant(SyntaxNode root, InvocationExpressionSyntax acquisition,
            IReadOnlyList<InvocationExpressionSyntax> releases, string variant)
        {
            var renames = new Dictionary<SyntaxToken, string>();
            foreach (var call in releases.Prepend(acquisition))
                if (LockCallSyntax.NameToken(call) is SyntaxToken token && LockForms.WithVariant(token.ValueText, variant) is string renamed)
                    renames[token] = renamed;
            return LockCallSyntax.Rename(root, renames);
        }
    }
}
