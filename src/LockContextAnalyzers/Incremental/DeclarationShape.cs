using System.Linq;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockContextAnalyzers.Incremental
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

        /// <summary>
        /// The tree's declarations hashed one member at a time, to tell which members an edit
        /// changed (<see cref="MemberShapes.ChangedNames"/>): everything outside members (usings,
        /// namespaces, type headers, nested types, delegates) goes into one hash of its own.
        /// </summary>
        public static MemberShapes Members(SyntaxTree tree, System.Threading.CancellationToken ct)
        {
            var shapes = new MemberShapes();
            var root = tree.GetRoot(ct);
            if (root is CompilationUnitSyntax unit && unit.Members.Any(m => m is GlobalStatementSyntax)) shapes.Outside = (shapes.Outside ^ 1) * 1099511628211UL;
            Visit(root, shapes, ct);
            return shapes;
        }

        private static void Visit(SyntaxNode node, MemberShapes shapes, System.Threading.CancellationToken ct)
        {
            foreach (var child in node.ChildNodesAndTokens())
            {
                if (child.IsToken) { shapes.Outside = Add(shapes.Outside, child.AsToken()); continue; }
                var n = child.AsNode()!;
                if (IsPrivateToTheTree(n)) continue;
                if (n is MemberDeclarationSyntax member && n.Parent is BaseTypeDeclarationSyntax && !(n is BaseTypeDeclarationSyntax) && !(n is DelegateDeclarationSyntax))
                {
                    ct.ThrowIfCancellationRequested();
                    ulong hash = 14695981039346656037UL;
                    foreach (var token in member.DescendantTokens(descendIntoChildren: c => !IsPrivateToTheTree(c))) hash = Add(hash, token);
                    foreach (var name in NamesOf(member)) shapes.Add(name, hash);
                    continue;
                }
                Visit(n, shapes, ct);
            }
        }

        // The names by which other code reaches a member; members reached without one get a name no code can write.
        private static System.Collections.Generic.IEnumerable<string> NamesOf(MemberDeclarationSyntax member) => member switch
        {
            MethodDeclarationSyntax m => new[] { m.Identifier.ValueText },
            PropertyDeclarationSyntax p => new[] { p.Identifier.ValueText },
            EventDeclarationSyntax e => new[] { e.Identifier.ValueText },
            BaseFieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier.ValueText),
            EnumMemberDeclarationSyntax e => new[] { e.Identifier.ValueText },
            ConstructorDeclarationSyntax _ => new[] { MemberShapes.Nameless },
            DestructorDeclarationSyntax _ => new[] { MemberShapes.Nameless },
            IndexerDeclarationSyntax _ => new[] { MemberShapes.Nameless },
            OperatorDeclarationSyntax _ => new[] { MemberShapes.Nameless },
            ConversionOperatorDeclarationSyntax _ => new[] { MemberShapes.Nameless },
            _ => new[] { MemberShapes.Nameless },
        };

        private static ulong Add(ulong hash, SyntaxToken token)
        {
            foreach (char c in token.Text) hash = (hash ^ c) * 1099511628211UL;
            return (hash ^ ' ') * 1099511628211UL;
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
