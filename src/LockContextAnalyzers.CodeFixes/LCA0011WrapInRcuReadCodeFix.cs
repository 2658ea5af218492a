using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>
    /// LCA0011's fix: wrap the dereference, and every statement that uses what it returned, in
    /// <c>using (Guard.RcuRead()) { ... }</c>. Offered only where that is sound: the statements sit
    /// in one block, and nothing of reference type read inside leaves it (returned, or stored in a
    /// field, a property or an element), since the object may be freed once the section ends.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCA0011WrapInRcuReadCodeFix)), Shared]
    public sealed class LCA0011WrapInRcuReadCodeFix : UsingWrapFixProvider
    {
        public const string EquivalenceKey = "LCA0011.WrapInRcuRead";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RcuDereferenceOutsideReadSide);

        protected override string EquivalenceKeyOf => EquivalenceKey;

        protected override (BlockSyntax Block, int First, int Last, string Guard, string Title)? Plan(
            SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken ct)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call) return null;
            if (Plan(call, model, ct) is not var (block, first, last)) return null;
            return (block, first, last, UsingWrap.GuardName(model, call.SpanStart) + ".RcuRead()", "Wrap in Guard.RcuRead()");
        }

        /// <summary>The block and the range of its statements to wrap, or null where wrapping is not sound.</summary>
        private static (BlockSyntax Block, int First, int Last)? Plan(InvocationExpressionSyntax call, SemanticModel model, CancellationToken ct)
        {
            var statement = call.FirstAncestorOrSelf<StatementSyntax>();
            if (statement?.Parent is not BlockSyntax block) return null;
            if (call.Ancestors().TakeWhile(a => a != statement).Any(a => a is AnonymousFunctionExpressionSyntax)) return null;
            var statements = block.Statements;
            int first = statements.IndexOf(statement), last = first;
            // Grow the range until no local it declares is used after it.
            while (true)
            {
                var declared = new HashSet<string>(statements.Skip(first).Take(last - first + 1).SelectMany(Declared));
                int after = last;
                for (int i = last + 1; i < statements.Count; i++)
                    if (statements[i].DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => declared.Contains(n.Identifier.ValueText))) after = i;
                if (after == last) break;
                last = after;
            }
            var range = statements.Skip(first).Take(last - first + 1).ToList();
            if (range.Any(s => s is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } or LabeledStatementSyntax or LocalFunctionStatementSyntax)) return null;
            if (range.Any(s => s.DescendantNodesAndSelf().Any(n => n is GotoStatementSyntax))) return null;
            var references = new HashSet<string>(range.SelectMany(Declared).Where(name => IsReferenceLocal(range, name, model, ct)));
            bool Carries(ExpressionSyntax? e) => e != null && IsReference(e, model, ct)
                && (e.DescendantNodesAndSelf().Contains(call) || e.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => references.Contains(n.Identifier.ValueText)));
            foreach (var node in range.SelectMany(s => s.DescendantNodesAndSelf()))
            {
                if (node is ReturnStatementSyntax r && Carries(r.Expression)) return null;
                if (node is YieldStatementSyntax y && Carries(y.Expression)) return null;
                if (node is AssignmentExpressionSyntax a && !IsLocal(a.Left, model, ct) && Carries(a.Right)) return null;
            }
            return (block, first, last);
        }

        private static IEnumerable<string> Declared(StatementSyntax s) =>
            s is LocalDeclarationStatementSyntax d ? d.Declaration.Variables.Select(v => v.Identifier.ValueText) : Enumerable.Empty<string>();

        private static bool IsReferenceLocal(List<StatementSyntax> range, string name, SemanticModel model, CancellationToken ct) =>
            range.OfType<LocalDeclarationStatementSyntax>().SelectMany(d => d.Declaration.Variables).Where(v => v.Identifier.ValueText == name)
                .Any(v => model.GetDeclaredSymbol(v, ct) is ILocalSymbol local && !local.Type.IsValueType);

        private static bool IsReference(ExpressionSyntax e, SemanticModel model, CancellationToken ct) =>
            model.GetTypeInfo(e, ct).Type is not ITypeSymbol type || !type.IsValueType;

        private static bool IsLocal(ExpressionSyntax e, SemanticModel model, CancellationToken ct) =>
            model.GetSymbolInfo(e, ct).Symbol is ILocalSymbol;
    }
}
