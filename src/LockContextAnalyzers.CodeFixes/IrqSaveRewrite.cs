using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>
    /// Moves an acquisition to the irqsave form: <c>SpinLock(l);</c> becomes
    /// <c>var flags = SpinLockIrqSave(l);</c> and each paired release <c>SpinUnlockIrqRestore(l, flags)</c>.
    /// When a release lies outside the acquisition's block (a <c>finally</c> of a <c>try</c> the
    /// lock is taken in), the flags are declared before the statement whose block holds them all.
    /// Guards just switch to <c>Guard.SpinLockIrqSave</c>.
    /// </summary>
    internal static class IrqSaveRewrite
    {
        public static SyntaxNode? Apply(SyntaxNode root, InvocationExpressionSyntax acquisition,
            IReadOnlyList<InvocationExpressionSyntax> releases, bool isGuard, SemanticModel model)
        {
            if (LockCallSyntax.NameToken(acquisition) is not SyntaxToken name || LockForms.IrqSaveForm(name.ValueText) is not string irqSave)
                return null;
            var renamedAcquisition = Renamed(acquisition, irqSave);
            if (isGuard) return root.ReplaceNode(acquisition, renamedAcquisition);

            if (acquisition.Parent is not ExpressionStatementSyntax statement || !IsInStatementList(statement)) return null;
            var member = statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() as SyntaxNode ?? statement.SyntaxTree.GetRoot();
            if (releases.Any(r => !member.Span.Contains(r.Span))) return null;

            string flags = FreshName(member, model, statement.SpanStart);
            var hoistBefore = ScopeHolder(statement, releases);
            if (hoistBefore == null) return null;

            var tracked = root.TrackNodes(releases.Cast<SyntaxNode>().Append(statement).Append(hoistBefore));
            foreach (var release in releases)
            {
                var current = tracked.GetCurrentNode(release);
                if (current == null || LockCallSyntax.NameToken(current) is not SyntaxToken releaseName
                    || !LockForms.TryParse(releaseName.ValueText, out var releaseFamily, out var releaseRole, out _) || releaseRole != "Unlock")
                    continue;
                tracked = tracked.ReplaceNode(current, WithFlagsArgument(Renamed(current, releaseFamily + "UnlockIrqRestore"), flags));
            }

            bool hoist = hoistBefore != statement;
            var currentStatement = tracked.GetCurrentNode(statement)!;
            string assignment = hoist
                ? $"{flags} = {renamedAcquisition.WithoutTrivia().ToFullString()};"
                : $"var {flags} = {renamedAcquisition.WithoutTrivia().ToFullString()};";
            tracked = tracked.ReplaceNode(currentStatement, SyntaxFactory.ParseStatement(assignment)
                .WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia()));

            if (hoist)
            {
                var holder = tracked.GetCurrentNode(hoistBefore)!;
                string type = IrqFlagsTypeName(model, hoistBefore.SpanStart);
                var declaration = SyntaxFactory.ParseStatement($"{type} {flags} = default;")
                    .WithLeadingTrivia(hoistBefore.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                    .WithTrailingTrivia(SyntaxFactory.EndOfLine(EndOfLine(hoistBefore)));
                tracked = tracked.InsertNodesBefore(holder, new[] { declaration });
            }
            return tracked;
        }

        private static bool IsInStatementList(StatementSyntax s) =>
            s.Parent is BlockSyntax || s.Parent is SwitchSectionSyntax || s.Parent is GlobalStatementSyntax;

        /// <summary>The acquisition statement itself when its block holds every release; else the nearest enclosing statement whose block does.</summary>
        private static StatementSyntax? ScopeHolder(StatementSyntax statement, IReadOnlyList<InvocationExpressionSyntax> releases)
        {
            for (SyntaxNode? s = statement; s != null; s = s.Parent)
            {
                if (s is not StatementSyntax candidate || !IsInStatementList(candidate)) continue;
                var scope = candidate.Parent is GlobalStatementSyntax g ? g.Parent! : candidate.Parent!;
                if (releases.All(r => scope.Span.Contains(r.Span) && r.SpanStart > candidate.SpanStart))
                    return candidate;
            }
            return null;
        }

        private static InvocationExpressionSyntax Renamed(InvocationExpressionSyntax call, string newName)
        {
            var token = LockCallSyntax.NameToken(call)!.Value;
            return call.ReplaceToken(token, SyntaxFactory.Identifier(token.LeadingTrivia, newName, token.TrailingTrivia));
        }

        private static InvocationExpressionSyntax WithFlagsArgument(InvocationExpressionSyntax call, string flags)
        {
            var items = call.ArgumentList.Arguments.GetWithSeparators()
                .Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space))
                .Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(flags)));
            return call.WithArgumentList(call.ArgumentList.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(items)));
        }

        /// <summary>"flags", or "flags2", "flags3"... when a name is already used in the member or visible there.</summary>
        private static string FreshName(SyntaxNode member, SemanticModel model, int position)
        {
            var taken = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            if (position <= model.SyntaxTree.Length)
                foreach (var symbol in model.LookupSymbols(position)) taken.Add(symbol.Name);
            string name = "flags";
            for (int i = 2; taken.Contains(name); i++) name = "flags" + i;
            return name;
        }

        private static string IrqFlagsTypeName(SemanticModel model, int position)
        {
            var found = model.LookupNamespacesAndTypes(position, name: "IrqFlags");
            return found.Any(s => s.ToDisplayString() == "LockContext.IrqFlags") ? "IrqFlags" : "LockContext.IrqFlags";
        }

        private static string EndOfLine(SyntaxNode node)
        {
            foreach (var trivia in node.GetTrailingTrivia())
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia)) return trivia.ToFullString();
            return "\n";
        }
    }
}
