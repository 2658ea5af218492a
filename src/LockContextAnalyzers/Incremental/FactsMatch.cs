using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// How the facts of trees walked again pair with those an earlier index was filled from
    /// (<see cref="IndexPatch"/>): fact by fact in order, with the same keys. A member, type or
    /// parameter is the same when <see cref="SymbolIdentity"/> says so; a local or a lambda's
    /// parameter (a <see cref="BodySymbol"/>) or a lambda or local function (its summary), which
    /// is only ever equal to itself, pairs with the one at the same place in the new facts, one to
    /// one. Then a fresh fill of the new facts would give the earlier index with each old summary
    /// and symbol swapped for its pair, and so would every call's resolution.
    /// </summary>
    internal sealed class FactsMatch
    {
        private readonly Dictionary<object, object> forward = new Dictionary<object, object>(BodySymbol.Comparer.Default);
        private readonly Dictionary<object, object> backward = new Dictionary<object, object>(BodySymbol.Comparer.Default);

        /// <summary>Each old summary of a tree walked again and its new one (by reference: summaries do not compare by value).</summary>
        public Dictionary<MethodSummary, MethodSummary> Summaries { get; } = new Dictionary<MethodSummary, MethodSummary>();

        /// <summary>Whether the two symbols are the same key (<see cref="SymbolIdentity"/>).</summary>
        public bool Same(ISymbol? older, ISymbol? newer) => Same((object?)older, newer);

        /// <summary>
        /// Whether two kept symbols are the same key: symbols as above; a <see cref="BodySymbol"/> or a
        /// lambda's or local function's summary paired one to one, the first time they meet (a
        /// parameter with its owner's pair and the same position).
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public bool Same(object? older, object? newer)
        {
            if (older is null || newer is null) return older is null && newer is null;
            // A member, type or a member's parameter; what lives in a body reaches the facts as a stand-in.
            if (older is ISymbol olderSymbol && newer is ISymbol newerSymbol)
                return SymbolIdentity.AcrossCompilations.Equals(olderSymbol, newerSymbol);
            if (older is BodySymbol olderBody && newer is BodySymbol newerBody)
            {
                if (olderBody.Kind != newerBody.Kind || olderBody.Ordinal != newerBody.Ordinal) return false;
                if (olderBody.Owner != null && !Same(olderBody.Owner, newerBody.Owner)) return false;
            }
            else if (older is MethodSummary olderSummary && newer is MethodSummary newerSummary)
            {
                if (olderSummary.Method != null || newerSummary.Method != null) return SameSummary(olderSummary, newerSummary);
            }
            else return false;
            if (forward.TryGetValue(older, out var paired)) return BodySymbol.Comparer.Default.Equals(paired, newer);
            if (backward.ContainsKey(newer)) return false;
            forward[older] = newer;
            backward[newer] = older;
            if (older is MethodSummary o) Summaries[o] = (MethodSummary)newer;
            return true;
        }

        public bool SameSummary(MethodSummary older, MethodSummary newer)
        {
            if (ReferenceEquals(older, newer)) return true;
            if (older.Method == null || newer.Method == null)
                return older.Method == null && newer.Method == null && older.ImportedFrom == null && newer.ImportedFrom == null && Same((object)older, newer);
            if (!Same(older.Method, newer.Method)) return false;
            Summaries[older] = newer;
            return true;
        }
    }
}
