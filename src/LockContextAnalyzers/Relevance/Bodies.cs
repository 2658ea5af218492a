using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockContextAnalyzers.Relevance
{
    /// <summary>
    /// The executable bodies of a tree, in one order that the syntactic pass
    /// (<see cref="TreeNames"/>) and the walk (<see cref="ModelBuilder"/>) share: methods,
    /// constructors, operators, accessors, expression-bodied properties, field and property
    /// initializers, and the top-level statements as one body.
    /// </summary>
    internal static class Bodies
    {
        public static IEnumerable<SyntaxNode> Of(SyntaxNode root) =>
            root.DescendantNodesAndSelf(descendIntoChildren: n => n is CompilationUnitSyntax || !IsBody(n)).Where(IsBody);

        public static bool IsBody(SyntaxNode node) => node switch
        {
            BaseMethodDeclarationSyntax m => m.Body != null || m.ExpressionBody != null,
            AccessorDeclarationSyntax a => a.Body != null || a.ExpressionBody != null,
            ArrowExpressionClauseSyntax arrow => arrow.Parent is PropertyDeclarationSyntax || arrow.Parent is IndexerDeclarationSyntax,
            VariableDeclaratorSyntax v => v.Initializer != null && v.Parent?.Parent is FieldDeclarationSyntax,
            PropertyDeclarationSyntax p => p.Initializer != null,
            CompilationUnitSyntax cu => cu.Members.OfType<GlobalStatementSyntax>().Any(),
            _ => false,
        };
    }
}
