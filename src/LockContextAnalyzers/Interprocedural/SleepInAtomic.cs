using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>A call that may sleep, made where sleeping is forbidden (LCA0007).</summary>
    internal sealed class SleepInAtomic
    {
        public SleepInAtomic(Location site, string sleeper, string chain, AtomicCause why, CallPath path, Location? atomicSince,
            PerMethod.MethodSummary? callee = null)
        {
            Callee = callee;
            Location = site;
            Sleeper = sleeper;
            Chain = chain;
            Why = why;
            CallPath = path;
            AtomicSince = atomicSince;
        }

        public Location Location { get; }

        /// <summary>The called method that may sleep; null for a sleeping call of the model itself.</summary>
        public PerMethod.MethodSummary? Callee { get; }

        /// <summary>The call made here: "Msleep", or "Helper".</summary>
        public string Sleeper { get; }

        /// <summary>How it reaches the sleeping call: "Helper -> Flush -> Msleep" (just the call for a direct sleep).</summary>
        public string Chain { get; }

        /// <summary>Why this point is atomic (the rule words it: "with spinlock 'Dev.Lock' held in 'Reset'").</summary>
        public AtomicCause Why { get; }

        public CallPath CallPath { get; }

        /// <summary>Where the atomic region began, when it began in this method (the lock taken, the bh disable).</summary>
        public Location? AtomicSince { get; }
    }
}
