using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockContextAnalyzers.Plumbing
{
    /// <summary>
    /// A hash of everything in a tree that other trees can see: every token outside method,
    /// accessor and constructor bodies, top-level statements and non-constant initializers. Two
    /// versions of a tree with the same shape declare the same symbols, so an edit that keeps it
    /// cannot change how any other tree binds (constant values and attribute arguments are part of
    /// the shape because other trees can read them).
    /// </summary>
    internal static class DeclarationShape
    {
        public static ulong Of(SyntaxTree tree, System.Threading.CancellationToken ct)
        {
            ulong hash = 14695981039346656037UL; // FNV-1a
            var root = tree.GetRoot(ct);
            // Whether there are top-level statements at all is visible: they make an entry point.
            if (root is CompilationUnitSyntax unit && unit.Members.Any(m => m is GlobalStatementSyntax)) hash = (hash ^ 1) * 1099511628211UL;
            foreach (var token in root.DescendantTokens(descendIntoChildren: n => !IsPrivateToTheTree(n)))
            {
                foreach (char c in token.Text) hash = (hash ^ c) * 1099511628211UL;
                hash = (hash ^ ' ') * 1099511628211UL;
            }
            return hash;
        }

        private static bool IsPrivateToTheTree(SyntaxNode node) => node switch
        {
            BlockSyntax block => block.Parent is BaseMethodDeclarationSyntax || block.Parent is AccessorDeclarationSyntax,
            ArrowExpressionClauseSyntax _ => true,
            GlobalStatementSyntax _ => true,
            EqualsValueClauseSyntax value => value.Parent switch
            {
                VariableDeclaratorSyntax v => v.Parent?.Parent is FieldDeclarationSyntax field && !field.Modifiers.Any(SyntaxKind.ConstKeyword),
                PropertyDeclarationSyntax _ => true,
                _ => false, // enum member values, parameter defaults
            },
            _ => false,
        };
    }
}
