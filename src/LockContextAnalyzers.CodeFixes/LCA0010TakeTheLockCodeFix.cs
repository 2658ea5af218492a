using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>
    /// LCA0010's fix, where the analysis found one method can do it alone (the diagnostic then
    /// carries the guard and the lock): <c>using (Guard.SpinLockBh(lk)) { count++; }</c> around the
    /// statement of the access. Offered for an expression statement or a return in a block; a
    /// declaration would put its local out of reach of the statements after it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCA0010TakeTheLockCodeFix)), Shared]
    public sealed class LCA0010TakeTheLockCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = "LCA0010.TakeTheLock";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.LockNotHeld);

        // Two accesses in one statement ask for one wrap: fixed one at a time.
        public override FixAllProvider? GetFixAllProvider() => null;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(FixProperties.FixTo, out var guard) || guard == null) continue;
                if (!diagnostic.Properties.TryGetValue(FixProperties.Lock, out var lockText) || lockText == null) continue;
                var statement = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>();
                if (statement is not (ExpressionStatementSyntax or ReturnStatementSyntax) || statement.Parent is not BlockSyntax block) continue;
                int index = block.Statements.IndexOf(statement);
                string call = UsingWrap.GuardName(model, statement.SpanStart) + guard.Substring("Guard".Length) + "(" + lockText + ")";
                context.RegisterCodeFix(
                    CodeAction.Create($"Take {lockText} with {guard}", _ => Task.FromResult(context.Document.WithSyntaxRoot(
                        UsingWrap.Wrap(root, block, index, index, SyntaxFactory.ParseExpression(call)))), EquivalenceKey),
                    diagnostic);
            }
        }
    }
}
