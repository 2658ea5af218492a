using System;
using System.Collections.Immutable;
using System.Linq;
using LockContextAnalyzers.Engine;

namespace LockContextAnalyzers.Plumbing
{
    /// <summary>
    /// The dataflow fact at one point of a method's control-flow graph.
    /// Bh and irq-save depths join by minimum and the hard irq-off flag by "and": "off" means off
    /// on every path, so an acquisition is SOFTIRQ-ON if any path reaches it with bh on.
    /// <see cref="Held"/> (acquisition ids) joins by union (some path holds it: pairing releases,
    /// atomicity) and <see cref="MustHeld"/> (lock keys: one per lock as written, so two acquisitions
    /// of one lock on two branches still count as "held") by intersection (every path holds it).
    /// The RCU read-side depth joins by maximum (some path is inside a section), capped so loops converge.
    /// Beside the "every path" irq state, a "some path" one (flag by "or", irqsave depth by maximum)
    /// serves LCA0003, which is a bug on any path that reaches it.
    /// </summary>
    internal sealed class FlowState : IEquatable<FlowState>
    {
        // Depths that join by maximum (RCU, the some-path irqsave depth) are capped so loops converge.
        private const int MaxJoinedDepth = 64;

        public static readonly FlowState Entry = new FlowState(0, 0, false, ImmutableSortedSet<int>.Empty, ImmutableSortedSet<int>.Empty, 0, false, 0);

        private FlowState(int bhDepth, int irqSaveDepth, bool irqHardOff, ImmutableSortedSet<int> held, ImmutableSortedSet<int> mustHeld, int rcuDepth,
            bool mayIrqHardOff, int maxIrqSaveDepth)
        {
            MayIrqHardOff = mayIrqHardOff || irqHardOff;
            MaxIrqSaveDepth = Math.Min(Math.Max(Math.Max(maxIrqSaveDepth, irqSaveDepth), 0), MaxJoinedDepth);
            // No upper cap on bh/irq depths: a capped depth would reach zero too early on the way out
            // of deep nesting. Joins take the minimum and depths never go below zero, so loops converge.
            BhDepth = Math.Max(bhDepth, 0);
            IrqSaveDepth = Math.Max(irqSaveDepth, 0);
            IrqHardOff = irqHardOff;
            Held = held;
            MustHeld = mustHeld;
            RcuDepth = Math.Min(Math.Max(rcuDepth, 0), MaxJoinedDepth);
        }

        public int BhDepth { get; }
        public int IrqSaveDepth { get; }
        public bool IrqHardOff { get; }
        public ImmutableSortedSet<int> Held { get; }
        public ImmutableSortedSet<int> MustHeld { get; }
        public int RcuDepth { get; }
        public bool MayIrqHardOff { get; }
        public int MaxIrqSaveDepth { get; }

        public bool BhOff => BhDepth > 0;
        public bool IrqOff => IrqHardOff || IrqSaveDepth > 0;
        public bool MayIrqOff => MayIrqHardOff || MaxIrqSaveDepth > 0;

        /// <summary>The state as the engine sees it; must-held acquisitions are the held ones whose lock every path holds.</summary>
        public LocalState ToLocal(System.Func<int, int> keyOf) =>
            new LocalState(BhOff, IrqOff, Held.ToImmutableArray(), Held.Where(id => MustHeld.Contains(keyOf(id))).ToImmutableArray(), RcuDepth > 0, MayIrqOff);

        private FlowState With(int? bh = null, int? irqSave = null, bool? irqHardOff = null,
            ImmutableSortedSet<int>? held = null, ImmutableSortedSet<int>? mustHeld = null, int? rcu = null,
            bool? mayIrqHardOff = null, int? maxIrqSave = null) =>
            new FlowState(bh ?? BhDepth, irqSave ?? IrqSaveDepth, irqHardOff ?? IrqHardOff, held ?? Held, mustHeld ?? MustHeld, rcu ?? RcuDepth,
                mayIrqHardOff ?? MayIrqHardOff, maxIrqSave ?? MaxIrqSaveDepth);

        public FlowState WithBh(int delta) => With(bh: BhDepth + delta);

        public FlowState WithIrqSave(int delta) => With(irqSave: IrqSaveDepth + delta, maxIrqSave: MaxIrqSaveDepth + delta);

        public FlowState WithIrqHardOff() => With(irqHardOff: true);

        /// <summary><c>local_irq_enable</c> turns interrupts on whatever was saved before.</summary>
        public FlowState WithIrqsOn() => With(irqSave: 0, irqHardOff: false, mayIrqHardOff: false, maxIrqSave: 0);

        public FlowState WithRcu(int delta) => With(rcu: RcuDepth + delta);

        public FlowState Holding(int acquisition, int lockKey) => With(held: Held.Add(acquisition), mustHeld: MustHeld.Add(lockKey));

        /// <summary>Ends one hold; the lock stays must-held while another hold of it (nested) remains.</summary>
        public FlowState Dropping(int acquisition, System.Func<int, int> keyOf)
        {
            var held = Held.Remove(acquisition);
            int key = keyOf(acquisition);
            return With(held: held, mustHeld: held.Any(h => keyOf(h) == key) ? MustHeld : MustHeld.Remove(key));
        }

        public FlowState Join(FlowState other) =>
            new FlowState(Math.Min(BhDepth, other.BhDepth), Math.Min(IrqSaveDepth, other.IrqSaveDepth),
                IrqHardOff && other.IrqHardOff, Held.Union(other.Held), MustHeld.Intersect(other.MustHeld),
                Math.Max(RcuDepth, other.RcuDepth), MayIrqHardOff || other.MayIrqHardOff, Math.Max(MaxIrqSaveDepth, other.MaxIrqSaveDepth));

        public bool Equals(FlowState? other) =>
            other != null && BhDepth == other.BhDepth && IrqSaveDepth == other.IrqSaveDepth && IrqHardOff == other.IrqHardOff
            && RcuDepth == other.RcuDepth && MayIrqHardOff == other.MayIrqHardOff && MaxIrqSaveDepth == other.MaxIrqSaveDepth
            && Held.SetEquals(other.Held) && MustHeld.SetEquals(other.MustHeld);

        public override bool Equals(object? obj) => Equals(obj as FlowState);

        public override int GetHashCode() => ((BhDepth * 31 + IrqSaveDepth) * 2 + (IrqHardOff ? 1 : 0)) * 31 + Held.Count * 97 + RcuDepth;
    }
}
