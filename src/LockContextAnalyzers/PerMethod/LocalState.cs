using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>The local state of bottom halves, hardirqs and held locks just before a site, within its method.</summary>
    internal readonly struct LocalState
    {
        public LocalState(bool bhOff, bool irqOff, ImmutableArray<int> held, ImmutableArray<int> mustHeld, bool inRcu, bool mayIrqOff = false, bool inRcuEveryPath = false)
        {
            InRcuEveryPath = inRcuEveryPath;
            BhOff = bhOff;
            IrqOff = irqOff;
            MayIrqOff = mayIrqOff || irqOff;
            Held = held;
            MustHeld = mustHeld;
            InRcu = inRcu;
        }

        /// <summary>Bottom halves are disabled here on every path through this method.</summary>
        public bool BhOff { get; }

        /// <summary>Hardirqs are disabled here on every path through this method.</summary>
        public bool IrqOff { get; }

        /// <summary>
        /// Hardirqs are disabled here on some path through this method: enabling bottom halves there
        /// is the kernel's WARN on that path (LCA0003), whatever the other paths do.
        /// </summary>
        public bool MayIrqOff { get; }

        /// <summary>Acquisition ids (within the method) that some path holds here.</summary>
        public ImmutableArray<int> Held { get; }

        /// <summary>Acquisition ids that every path holds here: what lock order and recursion are judged on.</summary>
        public ImmutableArray<int> MustHeld { get; }

        /// <summary>Some path is inside an RCU read-side section here.</summary>
        public bool InRcu { get; }

        /// <summary>Every path is inside an RCU read-side section here (what a dereference needs).</summary>
        public bool InRcuEveryPath { get; }
    }
}
