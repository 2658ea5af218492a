using System.Collections.Immutable;
using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>A lock taken: its class (by key and name) or the method's own lock parameter, and how.</summary>
    internal sealed class FactAcquisition
    {
        public FactAcquisition(string classKey, string className, int parameter, LockVariant variant, LockMode mode, bool isTry,
            string api, FactPlace place, bool bhOff, bool irqOff, bool mayIrqOff, ImmutableArray<int> held, bool isWait = false)
        {
            IsWait = isWait;
            ClassKey = classKey;
            ClassName = className;
            Parameter = parameter;
            Variant = variant;
            Mode = mode;
            IsTry = isTry;
            Api = api;
            Place = place;
            BhOff = bhOff;
            IrqOff = irqOff;
            MayIrqOff = mayIrqOff;
            Held = held;
        }

        /// <summary>The key the analysis interns the class by ("decl:Core.FlowTable._lock", "name:rtnl"); empty for a parameter.</summary>
        public string ClassKey { get; }
        public string ClassName { get; }

        /// <summary>The ordinal of the method's lock parameter the lock comes from; -1 for a class.</summary>
        public int Parameter { get; }

        public LockVariant Variant { get; }
        public LockMode Mode { get; }
        public bool IsTry { get; }
        public string Api { get; }
        public FactPlace Place { get; }
        public bool BhOff { get; }
        public bool IrqOff { get; }
        public bool MayIrqOff { get; }
        public ImmutableArray<int> Held { get; }

        /// <summary>A wait for a callback (<see cref="Acquisition.IsWait"/>): the class is the timer's or work's map.</summary>
        public bool IsWait { get; }
    }
}
