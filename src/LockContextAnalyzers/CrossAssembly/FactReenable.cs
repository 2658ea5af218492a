using System.Collections.Immutable;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// The method (or a callee in the library) turns bh or hardirqs back on: whatever its caller had
    /// (<see cref="BeyondEntry"/>: <c>LocalIrqEnable</c>, an <c>_irq</c> unlock of a lock it took, a bh
    /// enable that undoes no disable of its own), so every lock the caller holds across the call is
    /// then held with them on; or with locks of its own held (<see cref="Held"/>), which lockdep
    /// marks there when the caller had them on.
    /// </summary>
    internal sealed class FactReenable
    {
        public FactReenable(bool bh, bool isExplicit, string api, FactPlace place, bool bhOffAfter, bool irqOffAfter,
            bool beyondEntry, ImmutableArray<int> held)
        {
            BeyondEntry = beyondEntry;
            Held = held;
            Bh = bh;
            IsExplicit = isExplicit;
            Api = api;
            Place = place;
            BhOffAfter = bhOffAfter;
            IrqOffAfter = irqOffAfter;
        }

        /// <summary>True for bottom halves, false for hardirqs.</summary>
        public bool Bh { get; }

        /// <summary>A <c>LocalBhEnable()</c> of its own, not the tail of a release.</summary>
        public bool IsExplicit { get; }

        public string Api { get; }
        public FactPlace Place { get; }

        /// <summary>Whether an outer region of the method (relative to its entry) still has them off after it.</summary>
        public bool BhOffAfter { get; }
        public bool IrqOffAfter { get; }

        public bool BeyondEntry { get; }

        /// <summary>The method's acquisitions (indices) held on some path at that point.</summary>
        public ImmutableArray<int> Held { get; }
    }
}
