using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>A lock call or guard: where a lock is taken.</summary>
    internal sealed class Acquisition
    {
        public Acquisition(int id, LockRef lockRef, LockVariant variant, LockMode mode, bool isTry, bool isGuard,
            string apiName, Location location, LocalState before, bool isContract = false, bool isWait = false)
        {
            IsWait = isWait;
            IsContract = isContract;
            Id = id;
            Lock = lockRef;
            Variant = variant;
            Mode = mode;
            IsTry = isTry;
            IsGuard = isGuard;
            ApiName = apiName;
            Location = location;
            Before = before;
        }

        public int Id { get; }
        public LockRef Lock { get; }
        public LockVariant Variant { get; }
        public LockMode Mode { get; }
        public bool IsTry { get; }
        public bool IsGuard { get; }

        /// <summary>A call to an <c>[Acquires]</c> method: the lock is held after it, but the callee's own acquisition carries the marks.</summary>
        public bool IsContract { get; }

        /// <summary>
        /// A wait for a callback's run to end (<c>DelTimerSync</c>, <c>FlushWork</c>), as lockdep takes
        /// and at once releases the timer's or work's own map there: its class is that map
        /// (<see cref="Incremental.CompilationIndex.ClassOfWaited"/>). It orders the locks held at it
        /// before the map, and the map before every lock the callback takes; it is never held and
        /// gives no usage mark (lockdep takes the map with irqs off there).
        /// </summary>
        public bool IsWait { get; }

        /// <summary>The model's name of the call, e.g. <c>SpinLock</c> or <c>Guard.SpinLock</c>.</summary>
        public string ApiName { get; }

        public Location Location { get; }

        /// <summary>The method-local state before the call (the variant's own effect not included).</summary>
        public LocalState Before { get; }

        /// <summary>Bottom halves are off while the lock is taken: before, or by a bh/irq variant.</summary>
        public bool BhOffAtAcquire => Before.BhOff || Variant != LockVariant.Plain;

        public bool IrqOffAtAcquire => Before.IrqOff || Variant == LockVariant.Irq || Variant == LockVariant.IrqSave;

        /// <summary>Release calls that end this acquisition on some path, for the code fixes.</summary>
        public ImmutableArray<Location> Releases { get; private set; } = ImmutableArray<Location>.Empty;

        /// <summary>The walk pairs the releases once, after its recording pass.</summary>
        internal void Pair(ImmutableArray<Location> releases)
        {
            if (!Releases.IsEmpty) throw new System.InvalidOperationException("releases are paired once");
            Releases = releases;
        }
    }
}
