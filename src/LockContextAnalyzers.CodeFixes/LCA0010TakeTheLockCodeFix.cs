using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
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
    public sealed class LCA0010TakeTheLockCodeFix : UsingWrapFixProvider
    {
        public const string EquivalenceKey = "LCA0010.TakeTheLock";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.LockNotHeld);

        protected override string EquivalenceKeyOf => EquivalenceKey;

        protected override (BlockSyntax Block, int First, int Last, string Guard, string Title)? Plan(
            SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken ct)
        {
            if (!diagnostic.Properties.TryGetValue(FixProperties.FixTo, out var guard) || guard == null) return null;
            if (!diagnostic.Properties.TryGetValue(FixProperties.Lock, out var lockText) || lockText == null) return null;
            var statement = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>();
            if (statement is not (ExpressionStatementSyntax or ReturnStatementSyntax) || statement.Parent is not BlockSyntax block) return null;
            int index = block.Statements.IndexOf(statement);
            string call = UsingWrap.GuardName(model, statement.SpanStart) + guard.Substring("Guard".Length) + "(" + lockText + ")";
            return (block, index, index, call, $"Take {lockText} with {guard}");
        }
    }
}
