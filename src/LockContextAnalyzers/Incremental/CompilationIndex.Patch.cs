using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// An index made from an earlier one (<see cref="IndexPatch"/>): its maps copied, then each
    /// fact of a tree walked again swapped for its pair (<see cref="FactsMatch"/>) where it sits.
    /// Keys are swapped too, not only values: an old symbol left behind would keep its whole
    /// compilation alive through every later patch.
    /// </summary>
    internal sealed partial class CompilationIndex
    {
        // Lists and sets this index copied from the earlier one's and may change; any other value
        // is still the earlier index's, which an analysis of another snapshot may be reading.
        private readonly HashSet<object> owned = new HashSet<object>();

        /// <summary>Whether symbols compare across compilations (some facts were reused): only such an index can be patched.</summary>
        public bool AcrossCompilations => ReferenceEquals(symbols, SymbolIdentity.AcrossCompilations);

        /// <summary>
        /// The earlier index's maps, copied: with the same comparer a copy takes the entries with
        /// their hashes and hashes no symbol again. The summaries are added apart, in order.
        /// </summary>
        internal void CopyMapsOf(CompilationIndex earlier)
        {
            byMethod = new Dictionary<IMethodSymbol, List<MethodSummary>>(earlier.byMethod, symbols);
            localValues = new Dictionary<BodySymbol, List<LockRef>>(earlier.localValues);
            delegatesByStore = new Dictionary<object, List<object>>(earlier.delegatesByStore, stores);
            delegatesByType = new Dictionary<ITypeSymbol, List<object>>(earlier.delegatesByType, symbols);
            storedTypes = new Dictionary<object, HashSet<ITypeSymbol>>(earlier.storedTypes, stores);
            unknownStores = new HashSet<object>(earlier.unknownStores, stores);
            modeValues = new Dictionary<object, HrtimerModeKnowledge>(earlier.modeValues, stores);
            // Only adding reads it, and a patch only swaps: made again from the maps if ever needed.
            delegatesSeen = null;
            if (earlier.implementations != null) implementations = new Dictionary<IMethodSymbol, List<MethodSummary>>(earlier.implementations, symbols);
        }

        /// <summary>
        /// The maps of this index (the project as it opened, symbols compared within one
        /// compilation) keyed across compilations, for patches to copy without hashing every key
        /// again (<see cref="ResolvedIndex.MapsToPatchFrom"/>); its summaries list is empty.
        /// </summary>
        internal CompilationIndex MapsKeyedAcrossCompilations()
        {
            var copy = new CompilationIndex(api, Assembly, Classes, SymbolIdentity.AcrossCompilations);
            copy.CopyMapsOf(this);
            return copy;
        }

        /// <summary>The earlier index's summaries, in order, into the list only: the maps already hold them (a patch).</summary>
        internal void AddInOrder(IReadOnlyList<MethodSummary> earlier) => summaries.AddRange(earlier);

        /// <summary>Puts a tree's new summary where its earlier pair stood in the list (the maps have it already: <see cref="SwapSummary"/>).</summary>
        internal void ReplaceInOrder(int position, MethodSummary summary) => summaries[position] = summary;

        internal void SwapSummary(MethodSummary older, MethodSummary newer)
        {
            if (older.Method == null || newer.Method == null) return; // a lambda or local function: in no map, and implements nothing
            if (byMethod.TryGetValue(older.Method, out var list) || byMethod.TryGetValue(newer.Method, out list))
            {
                byMethod.Remove(older.Method);
                byMethod[newer.Method] = Swapped(list, older, newer);
            }
            if (implementations != null) SwapImplementation(older, newer);
        }

        // Under the base methods the two implement, found again for each (the keys must be the
        // same); anything else and the map is made again when first asked.
        private void SwapImplementation(MethodSummary older, MethodSummary newer)
        {
            var (before, after) = (new List<IMethodSymbol>(), new List<IMethodSymbol>());
            LinksOf(older, before);
            LinksOf(newer, after);
            bool same = before.Count == after.Count;
            for (int i = 0; same && i < before.Count; i++) same = symbols.Equals(before[i], after[i]) && implementations!.ContainsKey(before[i]);
            if (!same) { implementations = null; return; }
            for (int i = 0; i < before.Count; i++)
            {
                var list = implementations![before[i]];
                implementations.Remove(before[i]);
                implementations[after[i]] = Swapped(list, older, newer);
            }
        }

        /// <summary>Forgets what an old local was assigned; the new local's values are added after (<see cref="AddLocalValue"/>).</summary>
        internal void ForgetLocal(BodySymbol older) => localValues.Remove(older);

        internal void SwapStore(object older, object newer, ITypeSymbol? olderType, ITypeSymbol? newerType)
        {
            if (storedTypes.TryGetValue(older, out var types) || storedTypes.TryGetValue(newer, out types))
            {
                storedTypes.Remove(older);
                if (olderType != null && newerType != null && !owned.Contains(types))
                {
                    types = new HashSet<ITypeSymbol>(types, symbols);
                    owned.Add(types);
                }
                if (olderType != null && newerType != null && types.Remove(olderType)) types.Add(newerType);
                storedTypes[newer] = types;
            }
            if (olderType == null && unknownStores.Remove(older)) unknownStores.Add(newer);
        }

        internal void SwapModeStore(object older, object newer)
        {
            if (modeValues.TryGetValue(older, out var value) || modeValues.TryGetValue(newer, out value))
            {
                modeValues.Remove(older);
                modeValues[newer] = value;
            }
        }

        internal void SwapDelegate(object olderTarget, object newerTarget, ITypeSymbol? olderType, ITypeSymbol? newerType, object? olderStore, object? newerStore)
        {
            if (olderStore != null && newerStore != null) SwapDelegateIn(delegatesByStore, olderStore, newerStore, olderTarget, newerTarget);
            if (olderType != null && newerType != null) SwapDelegateIn(delegatesByType, olderType, newerType, olderTarget, newerTarget);
        }

        private void SwapDelegateIn<TKey>(Dictionary<TKey, List<object>> map, TKey olderKey, TKey newerKey, object olderTarget, object newerTarget)
            where TKey : notnull
        {
            if (!map.TryGetValue(olderKey, out var targets) && !map.TryGetValue(newerKey, out targets)) return;
            map.Remove(olderKey);
            int at = IndexOf(targets, olderTarget);
            if (at >= 0)
            {
                targets = Owned(targets);
                targets[at] = newerTarget;
            }
            map[newerKey] = targets;
        }

        // This fact's own target, found by reference: a delegate type's list can hold thousands,
        // and comparing each by identity across compilations was most of a patch. Else the equal
        // target another tree's fact added first (this one then was not added), which stands
        // where a fresh fill would put this one; none when a lambda was swapped already.
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private int IndexOf(List<object> targets, object target)
        {
            for (int i = 0; i < targets.Count; i++) if (ReferenceEquals(targets[i], target)) return i;
            for (int i = 0; i < targets.Count; i++) if (stores.Equals(targets[i], target)) return i;
            return -1;
        }

        private List<MethodSummary> Swapped(List<MethodSummary> list, MethodSummary older, MethodSummary newer)
        {
            list = Owned(list);
            int at = list.IndexOf(older);
            if (at >= 0) list[at] = newer;
            return list;
        }

        private List<T> Owned<T>(List<T> list)
        {
            if (owned.Contains(list)) return list;
            var copy = new List<T>(list);
            owned.Add(copy);
            return copy;
        }
    }
}
