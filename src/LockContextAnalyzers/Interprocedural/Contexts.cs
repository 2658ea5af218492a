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

    /// <summary>What fixed an entry's context.</summary>
    internal enum EntryCause
    {
        /// <summary>A registration call handed the method over (<see cref="EntryContext.Registered"/>).</summary>
        Registration,

        /// <summary>A context attribute on the method (<see cref="EntryContext.AttributeName"/>).</summary>
        Attribute,

        /// <summary>Nothing calls it (in <see cref="EntryContext.Assembly"/>, or in this compilation).</summary>
        Uncalled,

        /// <summary>A referenced library recorded the entry with its own words (<see cref="EntryContext.RecordedWords"/>).</summary>
        Recorded,
    }

    /// <summary>
    /// The context an entry point runs in, and why the analysis thinks so, as facts: the rules word
    /// them (<c>Rules/EntryWords</c>), the engine writes no sentence.
    /// </summary>
    internal sealed class EntryContext
    {
        private EntryContext(ContextKind kind, string vector, EntryCause cause, Location? registration, object? alternatives,
            RegistrationKind registered = default, string apiName = "", string attributeName = "", string? assembly = null, string recordedWords = "")
        {
            Kind = kind;
            Vector = vector;
            Cause = cause;
            Registration = registration;
            Alternatives = alternatives;
            Registered = registered;
            ApiName = apiName;
            AttributeName = attributeName;
            Assembly = assembly;
            RecordedWords = recordedWords;
        }

        /// <summary>A callback handed to <paramref name="apiName"/> (CallRcu, TimerSetup, ...) at <paramref name="registration"/>.</summary>
        public static EntryContext ByRegistration(ContextKind kind, string vector, RegistrationKind registered, string apiName, Location registration,
            object? alternatives = null) =>
            new EntryContext(kind, vector, EntryCause.Registration, registration, alternatives, registered, apiName);

        /// <summary>A method whose <c>[<paramref name="attributeName"/>]</c> declares its context.</summary>
        public static EntryContext ByAttribute(ContextKind kind, string vector, string attributeName, Location? at) =>
            new EntryContext(kind, vector, EntryCause.Attribute, at, null, attributeName: attributeName);

        /// <summary>A method nothing calls, in the named assembly (null: this compilation).</summary>
        public static EntryContext Uncalled(string? assembly) =>
            new EntryContext(ContextKind.Process, "", EntryCause.Uncalled, null, null, assembly: assembly);

        /// <summary>An entry a referenced library recorded, with the words it recorded.</summary>
        public static EntryContext Recorded(ContextKind kind, string vector, string words, Location? registration, object? alternatives) =>
            new EntryContext(kind, vector, EntryCause.Recorded, registration, alternatives, recordedWords: words);

        /// <summary>
        /// Shared by the contexts of one registration whose context is not known (an hrtimer whose
        /// mode cannot be read): the callback runs in one of them, never both, so they never conflict.
        /// </summary>
        public object? Alternatives { get; }

        public ContextKind Kind { get; }

        /// <summary>The softirq vector name (RCU, TIMER, ...), empty outside softirq context.</summary>
        public string Vector { get; }

        public EntryCause Cause { get; }

        /// <summary>The registration call, when a registration fixed the context; the attribute, when one did.</summary>
        public Location? Registration { get; }

        /// <summary>What kind of registration, for <see cref="EntryCause.Registration"/>.</summary>
        public RegistrationKind Registered { get; }

        /// <summary>The registering call's name (CallRcu, ...), for <see cref="EntryCause.Registration"/>.</summary>
        public string ApiName { get; }

        /// <summary>The context attribute's name without "Attribute" (RcuCallback, SoftirqContext, ...), for <see cref="EntryCause.Attribute"/>.</summary>
        public string AttributeName { get; }

        /// <summary>For <see cref="EntryCause.Uncalled"/>: the library nothing in which calls it; null for this compilation.</summary>
        public string? Assembly { get; }

        /// <summary>For <see cref="EntryCause.Recorded"/>: how the library described the entry.</summary>
        public string RecordedWords { get; }
    }

    /// <summary>Where an entry starts: the method and its context.</summary>
    internal sealed class Entry
    {
        public Entry(MethodSummary method, EntryContext context, System.Collections.Immutable.ImmutableArray<LockClass> maps = default)
        {
            Method = method;
            Context = context;
            Maps = maps.IsDefault ? System.Collections.Immutable.ImmutableArray<LockClass>.Empty : maps;
        }

        public MethodSummary Method { get; }
        public EntryContext Context { get; }

        /// <summary>
        /// For a referenced library's callback: the maps of the timer or work it was registered with
        /// there, which it holds while it runs (<see cref="LockAnalysis"/>, Waits). Empty for this
        /// compilation's entries, whose maps come from their registrations.
        /// </summary>
        public System.Collections.Immutable.ImmutableArray<LockClass> Maps { get; }
    }
}
