using System;
using System.Collections.Immutable;
using LockContextAnalyzers.Engine;

namespace LockContextAnalyzers.Plumbing
{
    /// <summary>
    /// The dataflow fact at one point of a method's control-flow graph. Depths join by minimum and
    /// the hard irq-off flag by "and", so "off" means off on every path (an acquisition is
    /// SOFTIRQ-ON if any path reaches it with bh on); held locks join by union (some path holds
    /// them), which is what pairing a release with its acquisitions needs.
    /// </summary>
    internal sealed class FlowState : IEquatable<FlowState>
    {
        public static readonly FlowState Entry = new FlowState(0, 0, false, ImmutableSortedSet<int>.Empty);

        private FlowState(int bhDepth, int irqSaveDepth, bool irqHardOff, ImmutableSortedSet<int> held)
        {
            // No upper cap: a capped depth would reach zero too early on the way out of deep nesting.
            // Joins take the minimum and depths never go below zero, so loops still converge.
            BhDepth = Math.Max(bhDepth, 0);
            IrqSaveDepth = Math.Max(irqSaveDepth, 0);
            IrqHardOff = irqHardOff;
            Held = held;
        }

        public int BhDepth { get; }
        public int IrqSaveDepth { get; }
        public bool IrqHardOff { get; }
        public ImmutableSortedSet<int> Held { get; }

        public bool BhOff => BhDepth > 0;
        public bool IrqOff => IrqHardOff || IrqSaveDepth > 0;

        public LocalState ToLocal() => new LocalState(BhOff, IrqOff, Held.ToImmutableArray());

        public FlowState WithBh(int delta) => new FlowState(BhDepth + delta, IrqSaveDepth, IrqHardOff, Held);

        public FlowState WithIrqSave(int delta) => new FlowState(BhDepth, IrqSaveDepth + delta, IrqHardOff, Held);

        public FlowState WithIrqHardOff() => new FlowState(BhDepth, IrqSaveDepth, true, Held);

        /// <summary><c>local_irq_enable</c> turns interrupts on whatever was saved before.</summary>
        public FlowState WithIrqsOn() => new FlowState(BhDepth, 0, false, Held);

        public FlowState Holding(int acquisition) => new FlowState(BhDepth, IrqSaveDepth, IrqHardOff, Held.Add(acquisition));

        public FlowState Dropping(int acquisition) => new FlowState(BhDepth, IrqSaveDepth, IrqHardOff, Held.Remove(acquisition));

        public FlowState Join(FlowState other) =>
            new FlowState(Math.Min(BhDepth, other.BhDepth), Math.Min(IrqSaveDepth, other.IrqSaveDepth),
                IrqHardOff && other.IrqHardOff, Held.Union(other.Held));

        public bool Equals(FlowState? other) =>
            other != null && BhDepth == other.BhDepth && IrqSaveDepth == other.IrqSaveDepth
            && IrqHardOff == other.IrqHardOff && Held.SetEquals(other.Held);

        public override bool Equals(object? obj) => Equals(obj as FlowState);

        public override int GetHashCode() => (BhDepth * 31 + IrqSaveDepth) * 2 + (IrqHardOff ? 1 : 0) + Held.Count * 97;
    }
}
