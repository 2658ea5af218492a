using System;
using System.Collections.Immutable;
using System.Linq;
using LockContextAnalyzers.Interprocedural;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>
    /// The dataflow fact at one point of a method's control-flow graph.
    /// The bh depth joins by minimum: "off" means off on every path, so an acquisition is
    /// SOFTIRQ-ON if any path reaches it with bh on. The hardirq state is kept as the kernel keeps
    /// it, a current bit and the bits each irqsave put aside (a restore puts back what was saved,
    /// so an irq enable inside an irqsave region does not lose the outer state), each bit as
    /// "off on every path" (joined by "and") and "off on some path" (joined by "or"; LCA0003 is a
    /// bug on any path that reaches it).
    /// <see cref="Held"/> (acquisition ids) joins by union (some path holds it: pairing releases,
    /// atomicity) and <see cref="MustHeld"/> (lock keys: one per lock as written, so two acquisitions
    /// of one lock on two branches still count as "held") by intersection (every path holds it).
    /// The RCU read-side depth joins by maximum (some path is inside a section), capped so loops converge;
    /// a second depth joins by minimum (every path is inside one: what an <c>RcuDereference</c> needs).
    /// </summary>
    internal sealed class FlowState : IEquatable<FlowState>
    {
        // Depths that join by maximum and the saved-irq stack are capped so loops converge.
        private const int MaxJoinedDepth = 64;

        private const byte IrqsOn = 0, MustOff = 1, MayOff = 2, Off = MustOff | MayOff;

        public static readonly FlowState Entry = new FlowState(0, IrqsOn, ImmutableArray<byte>.Empty, ImmutableSortedSet<int>.Empty, ImmutableSortedSet<int>.Empty, 0, 0);

        private readonly byte irq;
        private readonly ImmutableArray<byte> savedIrq; // outermost save first

        private FlowState(int bhDepth, byte irq, ImmutableArray<byte> savedIrq, ImmutableSortedSet<int> held, ImmutableSortedSet<int> mustHeld, int rcuDepth, int rcuEveryPath)
        {
            RcuEveryPathDepth = Math.Min(Math.Max(rcuEveryPath, 0), MaxJoinedDepth);
            // No upper cap on the bh depth: a capped depth would reach zero too early on the way out
            // of deep nesting. Joins take the minimum and depths never go below zero, so loops converge.
            BhDepth = Math.Max(bhDepth, 0);
            this.irq = irq;
            this.savedIrq = savedIrq.Length > MaxJoinedDepth ? savedIrq.RemoveAt(0) : savedIrq;
            Held = held;
            MustHeld = mustHeld;
            RcuDepth = Math.Min(Math.Max(rcuDepth, 0), MaxJoinedDepth);
        }

        public int BhDepth { get; }
        public ImmutableSortedSet<int> Held { get; }
        public ImmutableSortedSet<int> MustHeld { get; }
        public int RcuDepth { get; }

        /// <summary>The RCU read-side depth that every path into this point has at least.</summary>
        public int RcuEveryPathDepth { get; }

        public bool BhOff => BhDepth > 0;

        /// <summary>Hardirqs are off here on every path.</summary>
        public bool IrqOff => (irq & MustOff) != 0;

        /// <summary>Hardirqs are off here on some path.</summary>
        public bool MayIrqOff => (irq & MayOff) != 0;

        /// <summary>The state as the engine sees it; must-held acquisitions are the held ones whose lock every path holds.</summary>
        public LocalState ToLocal(System.Func<int, int> keyOf) =>
            new LocalState(BhOff, IrqOff, Held.ToImmutableArray(), Held.Where(id => MustHeld.Contains(keyOf(id))).ToImmutableArray(), RcuDepth > 0, MayIrqOff, RcuEveryPathDepth > 0);

        private FlowState With(int? bh = null, byte? irqBits = null, ImmutableArray<byte>? saved = null,
            ImmutableSortedSet<int>? held = null, ImmutableSortedSet<int>? mustHeld = null, int? rcu = null, int? rcuEveryPath = null) =>
            new FlowState(bh ?? BhDepth, irqBits ?? irq, saved ?? savedIrq, held ?? Held, mustHeld ?? MustHeld, rcu ?? RcuDepth, rcuEveryPath ?? RcuEveryPathDepth);

        public FlowState WithBh(int delta) => With(bh: BhDepth + delta);

        /// <summary><c>local_irq_save</c> (or an irqsave acquisition): puts the current state aside, irqs off.</summary>
        public FlowState WithIrqSaved() => With(irqBits: Off, saved: savedIrq.Add(irq));

        /// <summary><c>local_irq_restore</c>: puts back what the innermost save put aside (unknown flags leave the state as it is).</summary>
        public FlowState WithIrqRestored() =>
            savedIrq.IsEmpty ? this : With(irqBits: savedIrq[savedIrq.Length - 1], saved: savedIrq.RemoveAt(savedIrq.Length - 1));

        public FlowState WithIrqHardOff() => With(irqBits: Off);

        /// <summary><c>local_irq_enable</c> turns interrupts on whatever was saved before; a later restore still puts the saved state back.</summary>
        public FlowState WithIrqsOn() => With(irqBits: IrqsOn);

        public FlowState WithRcu(int delta) => With(rcu: RcuDepth + delta, rcuEveryPath: RcuEveryPathDepth + delta);

        public FlowState Holding(int acquisition, int lockKey) => With(held: Held.Add(acquisition), mustHeld: MustHeld.Add(lockKey));

        /// <summary>Ends one hold; the lock stays must-held while another hold of it (nested) remains.</summary>
        public FlowState Dropping(int acquisition, System.Func<int, int> keyOf)
        {
            var held = Held.Remove(acquisition);
            int key = keyOf(acquisition);
            return With(held: held, mustHeld: held.Any(h => keyOf(h) == key) ? MustHeld : MustHeld.Remove(key));
        }

        public FlowState Join(FlowState other)
        {
            // Saves line up from the outermost; a branch that saved more than the other keeps only the common part.
            int n = Math.Min(savedIrq.Length, other.savedIrq.Length);
            var saved = ImmutableArray.CreateBuilder<byte>(n);
            for (int i = 0; i < n; i++) saved.Add(JoinIrq(savedIrq[i], other.savedIrq[i]));
            return new FlowState(Math.Min(BhDepth, other.BhDepth), JoinIrq(irq, other.irq), saved.MoveToImmutable(),
                Held.Union(other.Held), MustHeld.Intersect(other.MustHeld), Math.Max(RcuDepth, other.RcuDepth), Math.Min(RcuEveryPathDepth, other.RcuEveryPathDepth));
        }

        private static byte JoinIrq(byte a, byte b) => (byte)((a & b & MustOff) | ((a | b) & MayOff));

        public bool Equals(FlowState? other) =>
            other != null && BhDepth == other.BhDepth && irq == other.irq && RcuDepth == other.RcuDepth && RcuEveryPathDepth == other.RcuEveryPathDepth
            && savedIrq.SequenceEqual(other.savedIrq) && Held.SetEquals(other.Held) && MustHeld.SetEquals(other.MustHeld);

        public override bool Equals(object? obj) => Equals(obj as FlowState);

        public override int GetHashCode() => ((BhDepth * 31 + savedIrq.Length) * 4 + irq) * 31 + Held.Count * 97 + RcuDepth;
    }
}
