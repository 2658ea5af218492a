using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// How the facts of trees walked again pair with those an earlier index was filled from
    /// (<see cref="IndexPatch"/>): fact by fact in order, with the same keys. A member, type or
    /// parameter is the same when <see cref="SymbolIdentity"/> says so; a local, lambda or local
    /// function, which is only ever equal to itself, pairs with the one at the same place in the
    /// new facts, one to one. Then a fresh fill of the new facts would give the earlier index with
    /// each old summary and symbol swapped for its pair, and so would every call's resolution.
    /// </summary>
    internal sealed class FactsMatch
    {
        private readonly Dictionary<ISymbol, ISymbol> forward = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
        private readonly Dictionary<ISymbol, ISymbol> backward = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);

        /// <summary>Each old summary of a tree walked again and its new one (by reference: summaries do not compare by value).</summary>
        public Dictionary<MethodSummary, MethodSummary> Summaries { get; } = new Dictionary<MethodSummary, MethodSummary>();

        /// <summary>Whether the two symbols are the same key (a local or lambda: paired one to one, first time here).</summary>
        public bool Same(ISymbol? older, ISymbol? newer)
        {
            if (older is null || newer is null) return older is null && newer is null;
            if (SymbolIdentity.AcrossCompilations.Equals(older, newer)) return true;
            if (!IsBodyLocal(older) || !IsBodyLocal(newer) || older.Kind != newer.Kind) return false;
            if (forward.TryGetValue(older, out var paired)) return SymbolEqualityComparer.Default.Equals(paired, newer);
            if (backward.ContainsKey(newer)) return false;
            forward[older] = newer;
            backward[newer] = older;
            return true;
        }

        public bool SameSummary(MethodSummary older, MethodSummary newer)
        {
            if (ReferenceEquals(older, newer)) return true;
            if (!Same(older.Method, newer.Method)) return false;
            Summaries[older] = newer;
            return true;
        }

        // What has no identity across compilations, and lives in one body: other such symbols
        // (a type parameter, a lambda's parameter) could be keys that other trees' facts share.
        private static bool IsBodyLocal(ISymbol symbol) =>
            symbol is ILocalSymbol || symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction };
    }
}
