using System.Linq;
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
}
