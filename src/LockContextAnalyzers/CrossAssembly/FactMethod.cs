using System.Collections.Immutable;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// One method of the library with what it and every callee in the library do, in states
    /// relative to its own entry (bh/irqs off by the method or a callee on every path; locks held
    /// on every path, as indices into <see cref="Acquisitions"/>).
    /// </summary>
    internal sealed class FactMethod
    {
        public FactMethod(string? id, string name, FactPlace place, ImmutableArray<FactAcquisition> acquisitions,
            ImmutableArray<FactSleep> sleeps, ImmutableArray<FactRegistration> registrations, ImmutableArray<FactInvocation> invocations,
            ImmutableArray<FactReenable> reenables)
        {
            Reenables = reenables;
            Invocations = invocations;
            Id = id;
            Name = name;
            Place = place;
            Acquisitions = acquisitions;
            Sleeps = sleeps;
            Registrations = registrations;
        }

        /// <summary>The documentation ID, for a method a referencing project can call; null for an entry body only the library runs.</summary>
        public string? Id { get; }

        /// <summary>"FlowTable.Insert": what messages call it.</summary>
        public string Name { get; }

        public FactPlace Place { get; }
        public ImmutableArray<FactAcquisition> Acquisitions { get; }
        public ImmutableArray<FactSleep> Sleeps { get; }

        /// <summary>Registrations of a delegate the caller passes (a parameter), which give the caller's callback its context.</summary>
        public ImmutableArray<FactRegistration> Registrations { get; }

        /// <summary>Invocations of a delegate the caller passes, with the state the library holds around them.</summary>
        public ImmutableArray<FactInvocation> Invocations { get; }

        /// <summary>Where bh or irqs come back on whatever the caller had.</summary>
        public ImmutableArray<FactReenable> Reenables { get; }

        public bool IsEmpty => Acquisitions.IsEmpty && Sleeps.IsEmpty && Registrations.IsEmpty && Invocations.IsEmpty && Reenables.IsEmpty;
    }
}
