using System.Collections.Immutable;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// The method invokes the delegate of its parameter <see cref="Parameter"/> (a callback the
    /// caller passes), in this state relative to its entry: what the caller's lambda runs under.
    /// </summary>
    internal sealed class FactInvocation
    {
        public FactInvocation(int parameter, FactPlace place, bool bhOff, bool irqOff, bool mayIrqOff, ImmutableArray<int> held)
        {
            Parameter = parameter;
            Place = place;
            BhOff = bhOff;
            IrqOff = irqOff;
            MayIrqOff = mayIrqOff;
            Held = held;
        }

        public int Parameter { get; }
        public FactPlace Place { get; }
        public bool BhOff { get; }
        public bool IrqOff { get; }
        public bool MayIrqOff { get; }
        public ImmutableArray<int> Held { get; }
    }
}
