using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>Puts a run of a block's statements inside <c>using (guard) { ... }</c>, keeping the first one's leading and the last one's trailing trivia outside.</summary>
    internal static class UsingWrap
    {
        public static SyntaxNode Wrap(SyntaxNode root, BlockSyntax block, int first, int last, ExpressionSyntax guard)
        {
            var statements = block.Statements;
            var inner = statements.Skip(first).Take(last - first + 1).ToList();
            var leading = inner[0].GetLeadingTrivia();
            var trailing = inner[inner.Count - 1].GetTrailingTrivia();
            inner[0] = inner[0].WithLeadingTrivia(SyntaxFactory.ElasticMarker);
            inner[inner.Count - 1] = inner[inner.Count - 1].WithTrailingTrivia(SyntaxFactory.ElasticMarker);
            var wrapped = SyntaxFactory.UsingStatement(null, guard, SyntaxFactory.Block(inner))
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(trailing)
                .WithAdditionalAnnotations(Formatter.Annotation);
            var list = statements.Take(first).Append(wrapped).Concat(statements.Skip(last + 1));
            return root.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(list)));
        }

        /// <summary>Guard as the code can name it: short where the model's namespace is imported.</summary>
        public static string GuardName(SemanticModel model, int position) =>
            model.LookupNamespacesAndTypes(position, name: "Guard").OfType<INamedTypeSymbol>().Any(t => t.ContainingNamespace?.ToDisplayString() == "LockContext")
                ? "Guard" : "LockContext.Guard";
    }

    /// <summary>
    /// A fix that wraps statements of one block in <c>using (guard) { ... }</c>: the subclass says,
    /// per diagnostic, which statements and which guard, or that it cannot. Fix All is not offered:
    /// two findings in one block can ask for overlapping wraps, so they are fixed one at a time.
    /// </summary>
    public abstract class UsingWrapFixProvider : CodeFixProvider
    {
        protected abstract string EquivalenceKeyOf { get; }

        public sealed override FixAllProvider? GetFixAllProvider() => null;

        /// <summary>The run of statements to wrap and the guard expression's text, with the action's title; null where the wrap is not sound.</summary>
        protected abstract (BlockSyntax Block, int First, int Last, string Guard, string Title)? Plan(
            SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken ct);

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (Plan(root, model, diagnostic, context.CancellationToken) is not var (block, first, last, guard, title)) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(
                        UsingWrap.Wrap(root, block, first, last, SyntaxFactory.ParseExpression(guard)))), EquivalenceKeyOf),
                    diagnostic);
            }
        }
    }
}
