using System.Collections.Immutable;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// The method (or a callee in the library) runs code the caller supplies: the delegate of its
    /// parameter <see cref="Parameter"/>, or a virtual method <see cref="Target"/> that a type
    /// outside the library may override, in this state relative to the method's entry: what the
    /// caller's lambda or override runs under.
    /// </summary>
    internal sealed class FactInvocation
    {
        public FactInvocation(int parameter, string? target, FactPlace place, bool bhOff, bool irqOff, bool mayIrqOff, ImmutableArray<int> held)
        {
            Parameter = parameter;
            Target = target;
            Place = place;
            BhOff = bhOff;
            IrqOff = irqOff;
            MayIrqOff = mayIrqOff;
            Held = held;
        }

        /// <summary>The delegate parameter's ordinal; -1 for a virtual call.</summary>
        public int Parameter { get; }

        /// <summary>The documentation ID of the virtual, abstract or interface method called; null for a delegate.</summary>
        public string? Target { get; }
        public FactPlace Place { get; }
        public bool BhOff { get; }
        public bool IrqOff { get; }
        public bool MayIrqOff { get; }
        public ImmutableArray<int> Held { get; }
    }
}
