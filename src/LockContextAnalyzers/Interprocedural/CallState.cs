using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// The state a method is entered with: context, whether the caller chain has bottom halves or
    /// hardirqs off, and which lock classes its lock parameters are bound to.
    /// </summary>
    internal sealed class CallState : IEquatable<CallState>
    {
        private readonly string key;

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
            key = BuildKey();
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

        private string BuildKey()
        {
            var sb = new StringBuilder();
            sb.Append((int)Kind).Append(BhOff ? 'b' : '-').Append(IrqOff ? 'i' : MayIrqOff ? 'm' : '-').Append(Atomic ? 'a' : '-').Append(InRcu ? 'r' : '-');
            if (!Bindings.IsDefault)
                foreach (var b in Bindings)
                {
                    sb.Append('|');
                    foreach (var c in b.Select(c => c.Id).OrderBy(i => i)) sb.Append(c).Append(',');
                }
            return sb.ToString();
        }

        public bool Equals(CallState? other) => other != null && other.key == key;
        public override bool Equals(object? obj) => Equals(obj as CallState);
        public override int GetHashCode() => key.GetHashCode();
    }
}
