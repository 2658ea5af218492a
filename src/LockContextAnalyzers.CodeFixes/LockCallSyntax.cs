using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>
    /// The syntax forms a model call can take: <c>SpinLock(l)</c> under <c>using static</c>,
    /// <c>Kernel.SpinLock(l)</c>, <c>LockContext.Kernel.SpinLock(l)</c>, <c>Guard.SpinLock(l)</c>.
    /// </summary>
    internal static class LockCallSyntax
    {
        public static InvocationExpressionSyntax? InvocationAt(SyntaxNode root, TextSpan span)
        {
            if (span.End > root.FullSpan.End) return null;
            var node = root.FindNode(span, getInnermostNodeForTie: true);
            for (var n = node; n != null; n = n.Parent)
                if (n is InvocationExpressionSyntax invocation && invocation.Span.Contains(span)) return invocation;
            return null;
        }

        /// <summary>The identifier that names the called method.</summary>
        public static SyntaxToken? NameToken(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            IdentifierNameSyntax id => id.Identifier,
            MemberAccessExpressionSyntax access => access.Name.Identifier,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier,
            _ => null,
        };

        public static string? Name(InvocationExpressionSyntax invocation) => NameToken(invocation)?.ValueText;

        /// <summary>Replaces each token with a new name, keeping its trivia.</summary>
        public static SyntaxNode Rename(SyntaxNode root, IReadOnlyDictionary<SyntaxToken, string> renames) =>
            root.ReplaceTokens(renames.Keys, (original, _) =>
                SyntaxFactory.Identifier(original.LeadingTrivia, renames[original], original.TrailingTrivia));
    }
}
