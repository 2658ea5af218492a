using System.Collections.Generic;
using System.Diagnostics;

namespace LockContext
{
    /// <summary>lockdep's usage bits; the -READ forms are kept beside them (<see cref="LockClassInfo.MarkOf"/>).</summary>
    internal enum UsageMark
    {
        InSoftirq,
        InHardirq,
        SoftirqOn,
        HardirqOn,
    }

    /// <summary>How a lock was taken, so its release can be checked against it.</summary>
    internal enum LockVariant
    {
        Plain,
        Bh,
        Irq,
        IrqSave,
        Sleeping,
    }

    /// <summary>
    /// One lock class at run time: the first witness of each usage mark (lockdep checks a mark when
    /// it is first set) and the dependencies to and from it. Guarded by the validator's lock.
    /// </summary>
    internal sealed class LockClassInfo
    {
        private readonly Witness?[] marks = new Witness?[8];

        public LockClassInfo(string key, string name, int generation)
        {
            Key = key;
            Name = name;
            Generation = generation;
        }

        public string Key { get; }

        /// <summary>As the analyzer names it: <c>Type.field</c> or the <c>[LockClass]</c> name.</summary>
        public string Name { get; }

        /// <summary>The validator's generation when interned; a <see cref="Lockdep.Reset"/> makes it stale.</summary>
        public int Generation { get; }

        private readonly HashSet<(LockClassInfo To, bool FromRead, bool ToRead)> dependencyKinds = new HashSet<(LockClassInfo, bool, bool)>();

        /// <summary>The dependencies from this class, one per later class and pair of read/write modes.</summary>
        public List<Dependency> After { get; } = new List<Dependency>();

        public List<Dependency> Before { get; } = new List<Dependency>();

        /// <summary>Records "<paramref name="to"/> taken while this class is held" unless this pair of modes was seen.</summary>
        public bool TryAddDependency(LockClassInfo to, bool fromRead, Witness taken, out Dependency dependency)
        {
            dependency = new Dependency(this, fromRead, to, taken);
            if (!dependencyKinds.Add((to, fromRead, taken.Read))) return false;
            After.Add(dependency);
            to.Before.Add(dependency);
            return true;
        }

        public Witness? MarkOf(UsageMark mark, bool read) => marks[(int)mark * 2 + (read ? 1 : 0)];

        public Witness? AnyMark(UsageMark mark) => MarkOf(mark, false) ?? MarkOf(mark, true);

        /// <summary>Sets the mark if it is new; false when it was already set.</summary>
        public bool TrySet(UsageMark mark, bool read, Witness w)
        {
            int i = (int)mark * 2 + (read ? 1 : 0);
            if (marks[i] != null) return false;
            marks[i] = w;
            return true;
        }
    }

    /// <summary>An acquisition (or a bh/irq re-enable) as a report shows it: where, in what context, and its stack.</summary>
    internal sealed class Witness
    {
        private readonly string context;
        private string? stack, side;

        public Witness(string api, StackTrace trace, string context, bool read, bool reenable = false)
        {
            Api = api;
            Trace = trace;
            this.context = context;
            Read = read;
            IsReenable = reenable;
        }

        public string Api { get; }
        public StackTrace Trace { get; }

        /// <summary>"'Prune' at Wit.cs:8 (via Init -> Prune; kernel thread 'kflow_gcd')"; written out only for a report.</summary>
        public string Side => side ??= StackWalk.Side(Trace, context);

        public bool Read { get; }

        /// <summary>True where a re-enable of bh or irqs with the lock held set the mark, not an acquisition.</summary>
        public bool IsReenable { get; }

        /// <summary>Hardirqs were on here (an acquisition with irqs enabled, or irqs turned back on).</summary>
        public bool HardirqOn { get; set; }

        /// <summary>For a re-enable in a callee: where a caller took the held lock ("Drv.cs:12"); null otherwise.</summary>
        public string? Holder { get; set; }

        public string Stack => stack ??= StackWalk.Format(Trace);
    }

    /// <summary>An edge of lockdep's dependency graph: <see cref="To"/> was taken while <see cref="From"/> was held.</summary>
    internal sealed class Dependency
    {
        public Dependency(LockClassInfo from, bool fromRead, LockClassInfo to, Witness taken)
        {
            From = from;
            FromRead = fromRead;
            To = to;
            Taken = taken;
        }

        public LockClassInfo From { get; }

        /// <summary>The held class is held by a reader.</summary>
        public bool FromRead { get; }

        public LockClassInfo To { get; }

        /// <summary>The class is taken by a reader.</summary>
        public bool ToRead => Taken.Read;

        /// <summary>The acquisition of <see cref="To"/> that made the edge.</summary>
        public Witness Taken { get; }
    }

    /// <summary>A lock this CPU holds, as the validator tracks it (spinning locks and mutexes).</summary>
    internal sealed class HeldLock
    {
        public HeldLock(object instance, LockClassInfo lockClass, LockVariant variant, Witness acquired)
        {
            Instance = instance;
            Class = lockClass;
            Variant = variant;
            Acquired = acquired;
        }

        public object Instance { get; }
        public LockClassInfo Class { get; }
        public LockVariant Variant { get; }
        public Witness Acquired { get; }
        public bool Read => Acquired.Read;
        public bool Sleeping => Variant == LockVariant.Sleeping;
    }
}
