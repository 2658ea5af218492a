using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// Symbol equality across compilations of one project. Summaries of trees an edit did not
    /// touch are reused (<see cref="SummaryCache"/>), so the index can hold symbols of several
    /// compilations whose declarations are the same. A member or type is then one thing by its
    /// documentation ID; parameters by their method and ordinal. Locals, lambdas and local
    /// functions, which the facts keep as stand-ins (<see cref="PerMethod.BodySymbol"/>), stay equal
    /// by identity: they are only ever compared within their own tree, whose facts all come from
    /// one compilation.
    /// </summary>
    internal sealed class SymbolIdentity : IEqualityComparer<ISymbol>
    {
        public static readonly SymbolIdentity AcrossCompilations = new SymbolIdentity();

        // The ID's hash is kept with it: every symbol-keyed map of an edited compilation's index
        // hashes through here (a string hash of each ID per lookup was a tenth of filling it).
        private sealed class Key
        {
            public Key(string? id) { Id = id; Hash = id?.GetHashCode() ?? 0; }
            public string? Id { get; }
            public int Hash { get; }
        }

        // Symbols are shared, immutable objects; their keys die with them.
        private static readonly ConditionalWeakTable<ISymbol, Key> keys = new ConditionalWeakTable<ISymbol, Key>();

        private static readonly SymbolDisplayFormat Constructed = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType | SymbolDisplayMemberOptions.IncludeParameters)
            .AddParameterOptions(SymbolDisplayParameterOptions.IncludeType);

        private SymbolIdentity() { }

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public bool Equals(ISymbol? x, ISymbol? y)
        {
            if (SymbolEqualityComparer.Default.Equals(x, y)) return true;
            if (x == null || y == null || x.Kind != y.Kind) return false;
            var (kx, ky) = (KeyOf(x), KeyOf(y));
            return kx.Id != null && kx.Hash == ky.Hash && kx.Id == ky.Id;
        }

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public int GetHashCode(ISymbol? symbol)
        {
            if (symbol == null) return 0;
            var key = KeyOf(symbol);
            return key.Id != null ? key.Hash : SymbolEqualityComparer.Default.GetHashCode(symbol);
        }

        /// <summary>A symbol as text that is the same in every compilation of the project: its identity, or for a local or lambda its kind, name and place.</summary>
        public static string Describe(ISymbol symbol)
        {
            if (IdOf(symbol) is string id) return id;
            if (symbol is INamespaceSymbol ns) return "N:" + ns.ToDisplayString();
            var at = symbol.Locations.FirstOrDefault();
            var span = at != null && at.IsInSource ? at.GetLineSpan() : default;
            return $"{symbol.Kind}:{symbol.Name}@{span.Path}:{span.StartLinePosition}|{(symbol.ContainingSymbol is ISymbol c ? Describe(c) : "")}";
        }

        private static string? IdOf(ISymbol symbol) => KeyOf(symbol).Id;

        private static Key KeyOf(ISymbol symbol) => keys.GetValue(symbol, s => new Key(Compute(s)));

        private static string? Compute(ISymbol symbol)
        {
            switch (symbol)
            {
                case IParameterSymbol p:
                    var owner = p.ContainingSymbol is IMethodSymbol or IPropertySymbol ? IdOf(p.ContainingSymbol) : null;
                    return owner == null ? null : owner + "#" + p.Ordinal;
                case IMethodSymbol m when m.MethodKind == MethodKind.AnonymousFunction || m.MethodKind == MethodKind.LocalFunction:
                    return null;
                case IMethodSymbol _:
                case IFieldSymbol _:
                case IPropertySymbol _:
                case IEventSymbol _:
                case INamedTypeSymbol _:
                case IArrayTypeSymbol _:
                    try
                    {
                        // A declaration's documentation ID; a constructed type or method (Action<TimerList>)
                        // has none of its own, and is named by its full display with type arguments.
                        var id = ReferenceEquals(symbol, symbol.OriginalDefinition)
                            ? symbol.GetDocumentationCommentId()
                            : symbol.Kind + ":" + symbol.ToDisplayString(Constructed);
                        return string.IsNullOrEmpty(id) ? null : id;
                    }
                    catch (System.Exception)
                    {
                        return null; // a shape it cannot name (broken code): equal by identity only
                    }
                default:
                    return null;
            }
        }
    }
}
