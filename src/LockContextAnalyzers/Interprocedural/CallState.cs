using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// The state a method is entered with: context, whether the caller chain has bottom halves or
    /// hardirqs off, and which lock classes its lock parameters are bound to.
    /// </summary>
    internal sealed class CallState : IEquatable<CallState>
    {
        private readonly int hash;

        public CallState(ContextKind kind, bool bhOff, bool irqOff, ImmutableArray<ImmutableArray<LockClass>> bindings, AtomicCause? atomicReason = null,
            bool mayIrqOff = false, bool inRcu = false)
        {
            InRcu = inRcu;
            Kind = kind;
            BhOff = bhOff || kind != ContextKind.Process;
            IrqOff = irqOff || kind == ContextKind.Hardirq;
            MayIrqOff = mayIrqOff || IrqOff;
            Bindings = bindings;
            AtomicReason = atomicReason ?? AtomicCause.OfContext(kind);
            hash = BuildHash();
        }

        /// <summary>Why sleeping is forbidden on entry (context, or what a caller holds or disabled); null where it may sleep.</summary>
        public AtomicCause? AtomicReason { get; }

        public bool Atomic => AtomicReason != null;

        /// <summary>Every caller path is inside an RCU read-side section here (what an <c>RcuDereference</c> needs).</summary>
        public bool InRcu { get; }

        public ContextKind Kind { get; }
        public bool BhOff { get; }
        public bool IrqOff { get; }

        /// <summary>Some caller path has hardirqs off here (LCA0003 is a bug on any path); the other rules use <see cref="IrqOff"/>.</summary>
        public bool MayIrqOff { get; }

        /// <summary>Per parameter ordinal, the classes the callers pass (empty where unknown or not a lock).</summary>
        public ImmutableArray<ImmutableArray<LockClass>> Bindings { get; }

        // Two states are one when they agree on everything the walk reads: the flags, whether it is
        // atomic (not why: the first reason found is the one reported) and each parameter's set of
        // classes. Compared field by field: the walk makes a state for every call edge it follows.
        private int Flags => (int)Kind | (BhOff ? 4 : 0) | (IrqOff ? 8 : 0) | (MayIrqOff ? 16 : 0) | (Atomic ? 32 : 0) | (InRcu ? 64 : 0);

        private int BuildHash()
        {
            int hash = Flags;
            if (!Bindings.IsDefaultOrEmpty)
                foreach (var b in Bindings)
                {
                    hash = hash * 31 + 7;
                    int set = 0;
                    foreach (var c in b) set += c.Id * 16777619 ^ c.Id; // order-free: a binding is a set
                    hash = hash * 31 + set;
                }
            return hash;
        }

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public bool Equals(CallState? other)
        {
            if (other == null) return false;
            if (ReferenceEquals(this, other)) return true;
            // No bindings and an empty list of them are one state.
            if (hash != other.hash || Flags != other.Flags || Bindings.IsDefaultOrEmpty != other.Bindings.IsDefaultOrEmpty) return false;
            if (Bindings.IsDefaultOrEmpty) return true;
            if (Bindings.Length != other.Bindings.Length) return false;
            for (int i = 0; i < Bindings.Length; i++)
                if (!SameClasses(Bindings[i], other.Bindings[i])) return false;
            return true;
        }

        private static bool SameClasses(ImmutableArray<LockClass> a, ImmutableArray<LockClass> b)
        {
            if (a.IsDefaultOrEmpty || b.IsDefaultOrEmpty) return a.IsDefaultOrEmpty == b.IsDefaultOrEmpty;
            foreach (var c in a) if (!Contains(b, c.Id)) return false;
            foreach (var c in b) if (!Contains(a, c.Id)) return false;
            return true;
        }

        private static bool Contains(ImmutableArray<LockClass> set, int id)
        {
            foreach (var c in set) if (c.Id == id) return true;
            return false;
        }

        public override bool Equals(object? obj) => Equals(obj as CallState);
        public override int GetHashCode() => hash;
    }
}
