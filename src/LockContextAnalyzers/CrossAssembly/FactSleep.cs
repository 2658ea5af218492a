using System.Collections.Immutable;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>A call that may sleep, with the state it runs in relative to the method's entry.</summary>
    internal sealed class FactSleep
    {
        public FactSleep(string api, FactPlace place, bool bhOff, bool irqOff, ImmutableArray<int> held)
        {
            Api = api;
            Place = place;
            BhOff = bhOff;
            IrqOff = irqOff;
            Held = held;
        }

        public string Api { get; }
        public FactPlace Place { get; }
        public bool BhOff { get; }
        public bool IrqOff { get; }
        public ImmutableArray<int> Held { get; }
    }
}
