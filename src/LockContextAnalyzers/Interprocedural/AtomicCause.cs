using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>What makes a point atomic (sleeping forbidden).</summary>
    internal enum AtomicKind
    {
        SpinlockHeld,
        HardirqsOff,
        BhOff,
        RcuReadSide,
        Softirq,
        Hardirq,
    }

    /// <summary>
    /// Why a point is atomic, as facts (LCA0007 words them): what does it, the lock held (for a
    /// spinlock), the method whose code made it so (null for the context itself), and the entry
    /// when the context of the entry is the reason.
    /// </summary>
    internal sealed class AtomicCause
    {
        public AtomicCause(AtomicKind kind, string? lockName = null, MethodSummary? inMethod = null, EntryContext? entry = null)
        {
            Kind = kind;
            LockName = lockName;
            InMethod = inMethod;
            Entry = entry;
        }

        public AtomicKind Kind { get; }
        public string? LockName { get; }
        public MethodSummary? InMethod { get; }
        public EntryContext? Entry { get; }

        public AtomicCause In(MethodSummary method) => new AtomicCause(Kind, LockName, method, Entry);

        public AtomicCause From(EntryContext entry) => new AtomicCause(Kind, LockName, InMethod, entry);

        /// <summary>The cause a context gives by itself: softirq and hardirq context are atomic.</summary>
        public static AtomicCause? OfContext(ContextKind kind) =>
            kind == ContextKind.Softirq ? new AtomicCause(AtomicKind.Softirq) : kind == ContextKind.Hardirq ? new AtomicCause(AtomicKind.Hardirq) : null;
    }
}
