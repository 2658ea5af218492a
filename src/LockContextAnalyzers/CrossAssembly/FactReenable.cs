namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// The method (or a callee in the library) turns bh or hardirqs back on whatever its caller had
    /// (<c>LocalIrqEnable</c>, an <c>_irq</c> unlock of a lock it took, a bh enable that undoes no
    /// disable of its own): every lock the caller holds across the call is then held with them on.
    /// </summary>
    internal sealed class FactReenable
    {
        public FactReenable(bool bh, bool isExplicit, string api, FactPlace place, bool bhOffAfter, bool irqOffAfter)
        {
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
    }
}
