using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockContextAnalyzers.Relevance
{
    /// <summary>Reads one body's <see cref="BodyNames"/> from its syntax alone.</summary>
    internal static class BodyReader
    {
        private static readonly string[] None = Array.Empty<string>();

        // The sets one body is read into, kept per thread: every body of a 50k-method project made
        // three sets and grew them step by step, and inside the compiler those allocations (and the
        // collections they started) were a third of the syntactic pass.
        [ThreadStatic] private static Scratch? scratch;

        private sealed class Scratch
        {
            private const int Largest = 1024; // a set that grew past this is dropped, not cleared, so one huge body does not make every later clear slow

            public HashSet<string> Mentioned = New(), Invoked = New(), Declared = New();

            private static HashSet<string> New() => new HashSet<string>(StringComparer.Ordinal);

            public static Scratch Take()
            {
                var s = scratch ??= new Scratch();
                s.Mentioned = Reset(s.Mentioned);
                s.Invoked = Reset(s.Invoked);
                s.Declared = Reset(s.Declared);
                return s;
            }

            // Cleared when taken, not when done: a cancelled read leaves its sets full.
            private static HashSet<string> Reset(HashSet<string> set)
            {
                if (set.Count > Largest) return New();
                set.Clear();
                return set;
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public static BodyNames Read(SyntaxNode body)
        {
            var sets = Scratch.Take();
            var mentioned = sets.Mentioned;
            var invoked = sets.Invoked;
            var declared = sets.Declared;
            declared.Add("value"); // a setter's implicit parameter
            var uses = ImplicitCalls.None;
            // Most bodies are their own scope: read them without Scope's iterator.
            if (body is BaseMethodDeclarationSyntax) uses = ReadPart(body, sets);
            else foreach (var part in Scope(body)) uses |= ReadPart(part, sets);
            // `a()` with `a` a parameter or local of this body: a delegate, maybe a relevant lambda passed in.
            if (invoked.Overlaps(declared)) uses |= ImplicitCalls.DelegateInvoke;
            var (exports, constructorOf, isOperator, isIndexer) = Exports(body);
            return new BodyNames(mentioned.ToArray(), exports, invoked.ToArray(), uses, constructorOf, isOperator, isIndexer);
        }

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private static ImplicitCalls ReadPart(SyntaxNode part, Scratch sets)
        {
            var uses = ImplicitCalls.None;
            foreach (var item in part.DescendantNodesAndTokensAndSelf())
            {
                if (item.IsToken)
                {
                    if (item.IsKind(SyntaxKind.IdentifierToken)) sets.Mentioned.Add(item.AsToken().ValueText);
                    continue;
                }
                var node = item.AsNode()!;
                uses |= Uses(node, sets.Invoked);
                if (DeclaredName(node) is SyntaxToken name) sets.Declared.Add(name.ValueText);
            }
            return uses;
        }

        private static SyntaxToken? DeclaredName(SyntaxNode node) => node switch
        {
            VariableDeclaratorSyntax v => v.Identifier,
            ParameterSyntax p => p.Identifier,
            SingleVariableDesignationSyntax d => d.Identifier,
            ForEachStatementSyntax f => f.Identifier,
            CatchDeclarationSyntax c => c.Identifier,
            FromClauseSyntax q => q.Identifier,
            LetClauseSyntax q => q.Identifier,
            JoinClauseSyntax q => q.Identifier,
            QueryContinuationSyntax q => q.Identifier,
            _ => null,
        };

        // The body and what its declaration says of it: attributes (contracts, contexts) and the
        // types of its parameters and result (a lock passed in or handed out).
        internal static IEnumerable<SyntaxNode> Scope(SyntaxNode body)
        {
            switch (body)
            {
                case AccessorDeclarationSyntax accessor:
                    yield return accessor;
                    if (accessor.Parent?.Parent is BasePropertyDeclarationSyntax owner)
                    {
                        yield return owner.Type;
                        foreach (var list in owner.AttributeLists) yield return list;
                        if (owner is IndexerDeclarationSyntax indexer) yield return indexer.ParameterList;
                    }
                    break;
                case ArrowExpressionClauseSyntax arrow:
                    yield return arrow.Parent!;
                    break;
                case VariableDeclaratorSyntax declarator:
                    yield return declarator;
                    if (declarator.Parent?.Parent is FieldDeclarationSyntax field)
                    {
                        yield return field.Declaration.Type;
                        foreach (var list in field.AttributeLists) yield return list;
                    }
                    break;
                case CompilationUnitSyntax unit:
                    foreach (var statement in unit.Members.OfType<GlobalStatementSyntax>()) yield return statement;
                    break;
                default:
                    yield return body;
                    break;
            }
        }

        private static ImplicitCalls Uses(SyntaxNode node, HashSet<string> invoked)
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation:
                    string? name = invocation.Expression switch
                    {
                        IdentifierNameSyntax i => i.Identifier.ValueText,
                        GenericNameSyntax g => g.Identifier.ValueText,
                        MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
                        MemberBindingExpressionSyntax b => b.Name.Identifier.ValueText,
                        _ => null,
                    };
                    if (name == null || name is "Invoke" or "DynamicInvoke" or "BeginInvoke") return ImplicitCalls.DelegateInvoke;
                    invoked.Add(name);
                    return ImplicitCalls.None;
                case CommonForEachStatementSyntax _:
                    return ImplicitCalls.Foreach | (node is ForEachVariableStatementSyntax ? ImplicitCalls.Deconstruction : 0);
                case UsingStatementSyntax _:
                    return ImplicitCalls.Using;
                case LocalDeclarationStatementSyntax local when local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                    return ImplicitCalls.Using;
                case AwaitExpressionSyntax _:
                    return ImplicitCalls.Await;
                case AssignmentExpressionSyntax assignment when assignment.Left is TupleExpressionSyntax || assignment.Left is DeclarationExpressionSyntax:
                    return ImplicitCalls.Deconstruction;
                case PositionalPatternClauseSyntax _:
                    return ImplicitCalls.Deconstruction;
                case InitializerExpressionSyntax init when init.IsKind(SyntaxKind.CollectionInitializerExpression):
                    return ImplicitCalls.CollectionInit;
                case CollectionExpressionSyntax _:
                    return ImplicitCalls.CollectionInit | ImplicitCalls.TargetTypedNew;
                case QueryExpressionSyntax _:
                    return ImplicitCalls.Query;
                case ImplicitObjectCreationExpressionSyntax creation when !NamesItsType(creation):
                case WithExpressionSyntax _: // a record's copy constructor
                    return ImplicitCalls.TargetTypedNew;
                case ElementAccessExpressionSyntax _:
                case ElementBindingExpressionSyntax _:
                case ImplicitElementAccessSyntax _:
                case RangeExpressionSyntax _:
                case ListPatternSyntax _:
                    return ImplicitCalls.ElementAccess;
                case PrefixUnaryExpressionSyntax hat when hat.IsKind(SyntaxKind.IndexExpression):
                    return ImplicitCalls.ElementAccess;
                case InterpolatedStringExpressionSyntax _:
                    return ImplicitCalls.Interpolation;
                case FixedStatementSyntax _:
                    return ImplicitCalls.Fixed;
                default:
                    return ImplicitCalls.None;
            }
        }

        // `T x = new();`: the declaration names the type, so the name rule already covers it.
        private static bool NamesItsType(ImplicitObjectCreationExpressionSyntax creation) =>
            creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } }
            && !declaration.Type.IsVar;

        internal static (string[] Exports, string? ConstructorOf, bool IsOperator, bool IsIndexer) Exports(SyntaxNode body)
        {
            string? type = null;
            for (var node = body.Parent; node != null && type == null; node = node.Parent)
                if (node is BaseTypeDeclarationSyntax declaring) type = declaring.Identifier.ValueText;
            string[] Type() => type == null ? None : new[] { type };
            switch (body)
            {
                case MethodDeclarationSyntax method:
                    return (new[] { method.Identifier.ValueText }, null, false, false);
                case ConstructorDeclarationSyntax ctor:
                    bool isStatic = ctor.Modifiers.Any(SyntaxKind.StaticKeyword);
                    return (Type(), isStatic ? null : type, false, false);
                case OperatorDeclarationSyntax _:
                case ConversionOperatorDeclarationSyntax _:
                    return (None, null, true, false);
                case AccessorDeclarationSyntax accessor:
                    return accessor.Parent?.Parent switch
                    {
                        PropertyDeclarationSyntax p => (new[] { p.Identifier.ValueText }, null, false, false),
                        EventDeclarationSyntax e => (new[] { e.Identifier.ValueText }, null, false, false),
                        IndexerDeclarationSyntax _ => (None, null, false, true),
                        _ => (None, null, false, false),
                    };
                case ArrowExpressionClauseSyntax arrow:
                    return arrow.Parent is PropertyDeclarationSyntax prop ? (new[] { prop.Identifier.ValueText }, null, false, false) : (None, null, false, true);
                case VariableDeclaratorSyntax v when v.Parent?.Parent is FieldDeclarationSyntax field:
                    return (Type(), field.Modifiers.Any(SyntaxKind.StaticKeyword) ? null : type, false, false);
                case PropertyDeclarationSyntax p:
                    return (Type(), p.Modifiers.Any(SyntaxKind.StaticKeyword) ? null : type, false, false);
                default:
                    return (None, null, false, false); // destructors and top-level statements: nothing in the code calls them
            }
        }
    }
}
