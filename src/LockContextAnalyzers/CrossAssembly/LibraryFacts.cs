using System.Collections.Immutable;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// What a library's build records about its lock behaviour, so that a project referencing it
    /// judges calls into it as if its bodies were in the same compilation. Symbol-free: methods
    /// are named by documentation IDs, lock classes by the keys the analysis interns them by,
    /// places by file, line and column as the library's build saw them.
    /// </summary>
    internal sealed class LibraryFacts
    {
        /// <summary>The key of the <c>AssemblyMetadataAttribute</c> that carries the facts in the library's assembly.</summary>
        public const string MetadataKey = "LockContext.LibraryFacts";

        /// <summary>Bumped whenever the text changes meaning; a reader ignores any other version (silence, not guesses).</summary>
        public const int FormatVersion = 1;

        public LibraryFacts(string assembly, ImmutableArray<FactMethod> methods, ImmutableArray<FactEntry> entries)
        {
            Assembly = assembly;
            Methods = methods;
            Entries = entries;
        }

        public string Assembly { get; }

        /// <summary>Externally callable methods (with an ID) and entry bodies, each flattened with everything its callees do.</summary>
        public ImmutableArray<FactMethod> Methods { get; }

        /// <summary>Where the library's own code starts running, and in which context.</summary>
        public ImmutableArray<FactEntry> Entries { get; }

        public bool IsEmpty => Methods.IsEmpty;
    }

    /// <summary>A place in the library's source: file (relative to the common folder of its sources), 1-based line and column.</summary>
    internal readonly struct FactPlace
    {
        public FactPlace(string file, int line, int column)
        {
            File = file;
            Line = line;
            Column = column;
        }

        public string File { get; }
        public int Line { get; }
        public int Column { get; }
    }

    /// <summary>
    /// One method of the library with what it and every callee in the library do, in states
    /// relative to its own entry (bh/irqs off by the method or a callee on every path; locks held
    /// on every path, as indices into <see cref="Acquisitions"/>).
    /// </summary>
    internal sealed class FactMethod
    {
        public FactMethod(string? id, string name, FactPlace place, ImmutableArray<FactAcquisition> acquisitions,
            ImmutableArray<FactSleep> sleeps, ImmutableArray<FactRegistration> registrations)
        {
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

        public bool IsEmpty => Acquisitions.IsEmpty && Sleeps.IsEmpty && Registrations.IsEmpty;
    }

    /// <summary>A lock taken: its class (by key and name) or the method's own lock parameter, and how.</summary>
    internal sealed class FactAcquisition
    {
        public FactAcquisition(string classKey, string className, int parameter, LockVariant variant, LockMode mode, bool isTry,
            string api, FactPlace place, bool bhOff, bool irqOff, bool mayIrqOff, ImmutableArray<int> held)
        {
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
    }

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

    /// <summary>The method hands the delegate of its parameter <see cref="Parameter"/> to a registration (TimerSetup, CallRcu, ...).</summary>
    internal sealed class FactRegistration
    {
        public FactRegistration(RegistrationKind kind, string api, int parameter, HrtimerModeKnowledge mode, FactPlace place)
        {
            Kind = kind;
            Api = api;
            Parameter = parameter;
            Mode = mode;
            Place = place;
        }

        public RegistrationKind Kind { get; }
        public string Api { get; }
        public int Parameter { get; }
        public HrtimerModeKnowledge Mode { get; }
        public FactPlace Place { get; }
    }

    /// <summary>An entry of the library (a registered callback, an attributed method, a method nothing there calls): which method, in which context.</summary>
    internal sealed class FactEntry
    {
        public FactEntry(int method, ContextKind kind, string vector, string description, FactPlace? registration, int alternatives)
        {
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
    }
}
