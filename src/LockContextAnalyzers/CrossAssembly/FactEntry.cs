using LockContextAnalyzers.Interprocedural;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>An entry of the library (a registered callback, an attributed method, a method nothing there calls): which method, in which context.</summary>
    internal sealed class FactEntry
    {
        public FactEntry(int method, ContextKind kind, string vector, string description, FactPlace? registration, int alternatives,
            System.Collections.Immutable.ImmutableArray<(string Key, string Name)> maps = default)
        {
            Maps = maps.IsDefault ? System.Collections.Immutable.ImmutableArray<(string, string)>.Empty : maps;
            Method = method;
            Kind = kind;
            Vector = vector;
            Description = description;
            Registration = registration;
            Alternatives = alternatives;
        }

        /// <summary>Index into <see cref="LibraryFacts.Methods"/>.</summary>
        public int Method { get; }
        public ContextKind Kind { get; }
        public string Vector { get; }

        /// <summary>As the library's analysis worded it: "timer callback registered by TimerSetup at FlowTable.cs:8".</summary>
        public string Description { get; }

        public FactPlace? Registration { get; }

        /// <summary>Entries with the same number ≥ 0 are alternative contexts of one callback (an hrtimer of unknown mode); -1 for none.</summary>
        public int Alternatives { get; }

        /// <summary>The maps of the timer or work the callback was registered with (by class key and name), which it holds while it runs (<see cref="Interprocedural.LockAnalysis"/>, Waits).</summary>
        public System.Collections.Immutable.ImmutableArray<(string Key, string Name)> Maps { get; }
    }
}
