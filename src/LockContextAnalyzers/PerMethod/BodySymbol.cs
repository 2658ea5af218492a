using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>
    /// A local, or a parameter of a lambda or local function, as the kept facts name it: its name
    /// and place, not the compiler's symbol. A lambda's symbol holds the binder that made it,
    /// and that binder the semantic model with everything the model bound; the locals and
    /// parameters inside a lambda reach it too. Facts keep these stand-ins instead (and a lambda or
    /// local function is named by its own <see cref="MethodSummary"/>), so a body's model dies with
    /// its walk. One stand-in per symbol per body walk (<see cref="SummaryBuilder.Keep"/>): they
    /// compare by reference, as the symbols did, since no other body can name them.
    /// </summary>
    internal sealed class BodySymbol
    {
        public BodySymbol(SymbolKind kind, string name, Location place, MethodSummary? owner = null, int ordinal = -1)
        {
            Kind = kind;
            Name = name;
            Place = place;
            Owner = owner;
            Ordinal = ordinal;
        }

        /// <summary><see cref="SymbolKind.Local"/> or <see cref="SymbolKind.Parameter"/>.</summary>
        public SymbolKind Kind { get; }
        public string Name { get; }

        /// <summary>Where it is declared.</summary>
        public Location Place { get; }

        /// <summary>For a parameter: the lambda or local function it belongs to.</summary>
        public MethodSummary? Owner { get; }

        /// <summary>For a parameter: its position; -1 for a local.</summary>
        public int Ordinal { get; }

        public bool IsLocal => Kind == SymbolKind.Local;

        public override string ToString() => Kind + " " + Name;

        /// <summary>
        /// Whether a symbol lives inside one body, and so is kept as a stand-in: a local, a lambda, a
        /// local function, or a parameter of one of those.
        /// </summary>
        public static bool IsInBody(ISymbol symbol) => symbol switch
        {
            ILocalSymbol => true,
            IMethodSymbol m => IsBodyMethod(m),
            IParameterSymbol p => p.ContainingSymbol is IMethodSymbol owner && IsBodyMethod(owner),
            _ => false,
        };

        public static bool IsBodyMethod(IMethodSymbol method) =>
            method.MethodKind == MethodKind.AnonymousFunction || method.MethodKind == MethodKind.LocalFunction;

        /// <summary>A kept symbol's name: the compiler's symbol's, a stand-in's, a lambda's or local function's display name.</summary>
        public static string? NameOf(object? kept) => kept switch
        {
            ISymbol s => s.Name,
            BodySymbol b => b.Name,
            MethodSummary m => m.DisplayName,
            _ => null,
        };

        /// <summary>Whether a kept symbol is a parameter of that body (a method's, or a lambda's or local function's stand-in), and at what position.</summary>
        public static bool IsParameterOf(object? kept, MethodSummary body, out int ordinal)
        {
            bool of = kept switch
            {
                IParameterSymbol p => body.Method != null && SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, body.Method),
                BodySymbol { Kind: SymbolKind.Parameter } b => ReferenceEquals(b.Owner, body),
                _ => false,
            };
            ordinal = of ? (kept as IParameterSymbol)?.Ordinal ?? ((BodySymbol)kept!).Ordinal : -1;
            return of;
        }

        /// <summary>
        /// Equality of kept symbols: the compiler's by the comparer given (by identity, or across
        /// compilations), stand-ins and summaries by reference.
        /// </summary>
        public sealed class Comparer : IEqualityComparer<object>
        {
            public static readonly Comparer Default = new Comparer(SymbolEqualityComparer.Default);

            private static readonly Comparer AcrossCompilations = new Comparer(Incremental.SymbolIdentity.AcrossCompilations);

            /// <summary>
            /// One comparer per way of comparing symbols: a map copied into another with the same
            /// comparer object takes its entries with their hashes (an index patch copies every map).
            /// </summary>
            public static Comparer For(IEqualityComparer<ISymbol> symbols) =>
                ReferenceEquals(symbols, SymbolEqualityComparer.Default) ? Default
                : ReferenceEquals(symbols, Incremental.SymbolIdentity.AcrossCompilations) ? AcrossCompilations
                : new Comparer(symbols);

            private readonly IEqualityComparer<ISymbol> symbols;
            public Comparer(IEqualityComparer<ISymbol> symbols) { this.symbols = symbols; }

            public new bool Equals(object? x, object? y) =>
                x is ISymbol a && y is ISymbol b ? symbols.Equals(a, b) : ReferenceEquals(x, y);

            public int GetHashCode(object? obj) =>
                obj is ISymbol s ? symbols.GetHashCode(s) : obj == null ? 0 : RuntimeHelpers.GetHashCode(obj);
        }
    }
}
