using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>The kernel context code runs in.</summary>
    internal enum ContextKind
    {
        Process,
        Softirq,
        Hardirq,
    }

    /// <summary>The context an entry point runs in, and why the analysis thinks so.</summary>
    internal sealed class EntryContext
    {
        public EntryContext(ContextKind kind, string vector, string description, Location? registration, object? alternatives = null)
        {
            Kind = kind;
            Vector = vector;
            Description = description;
            Registration = registration;
            Alternatives = alternatives;
        }

        /// <summary>
        /// Shared by the contexts of one registration whose context is not known (an hrtimer whose
        /// mode cannot be read): the callback runs in one of them, never both, so they never conflict.
        /// </summary>
        public object? Alternatives { get; }

        public ContextKind Kind { get; }

        /// <summary>The softirq vector name (RCU, TIMER, ...), empty outside softirq context.</summary>
        public string Vector { get; }

        /// <summary>How it was found, in words: "RCU callback registered by CallRcu at WitDriver.cs:41".</summary>
        public string Description { get; }

        /// <summary>The registration call, when a registration fixed the context.</summary>
        public Location? Registration { get; }
    }

    /// <summary>Where an entry starts: the method and its context.</summary>
    internal sealed class Entry
    {
        public Entry(MethodSummary method, EntryContext context)
        {
            Method = method;
            Context = context;
        }

        public MethodSummary Method { get; }
        public EntryContext Context { get; }

        /// <summary>"ReleaseWitFlow (RCU callback registered by CallRcu at WitDriver.cs:41)".</summary>
        public string Describe() => $"'{Method.DisplayName}' ({Context.Description})";
    }
}
