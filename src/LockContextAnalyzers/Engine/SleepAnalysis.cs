using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Engine
{
    /// <summary>A call that may sleep, made where sleeping is forbidden (LCA0007).</summary>
    public sealed class SleepInAtomic
    {
        public SleepInAtomic(Location site, string sleeper, string chain, AtomicCause why, Visit visit, Location? atomicSince)
        {
            Site = site;
            Sleeper = sleeper;
            Chain = chain;
            Why = why;
            Visit = visit;
            AtomicSince = atomicSince;
        }

        public Location Site { get; }

        /// <summary>The call made here: "Msleep", or "Helper".</summary>
        public string Sleeper { get; }

        /// <summary>How it reaches the sleeping call: "Helper -> Flush -> Msleep" (just the call for a direct sleep).</summary>
        public string Chain { get; }

        /// <summary>Why this point is atomic (the rule words it: "with spinlock 'Dev.Lock' held in 'Reset'").</summary>
        public AtomicCause Why { get; }

        public Visit Visit { get; }

        /// <summary>Where the atomic region began, when it began in this method (the lock taken, the bh disable).</summary>
        public Location? AtomicSince { get; }
    }

    /// <summary>Which methods may sleep, transitively, with the chain down to the sleeping call.</summary>
    public sealed class SleepReachability
    {
        // Per method that may sleep: the callee to follow towards the sleep (null: it sleeps
        // itself), and the sleeping call. Chains are written out only when reported.
        private readonly Dictionary<MethodSummary, (MethodSummary? Next, string Sleeper)> sleeps =
            new Dictionary<MethodSummary, (MethodSummary?, string)>();

        public SleepReachability(IReadOnlyList<MethodSummary> summaries,
            IReadOnlyDictionary<IMethodSymbol, List<(CallSite Site, MethodSummary Caller)>> callers, System.Threading.CancellationToken ct)
        {
            // Backwards from every method that sleeps itself: its callers may sleep too.
            var work = new Queue<MethodSummary>();
            foreach (var s in summaries)
                if (s.Sleeps.Count > 0)
                {
                    sleeps[s] = (null, s.Sleeps[0].ApiName);
                    work.Enqueue(s);
                }
            while (work.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                var callee = work.Dequeue();
                if (!callers.TryGetValue(callee.Method, out var list)) continue;
                foreach (var (_, caller) in list)
                {
                    if (sleeps.ContainsKey(caller)) continue;
                    sleeps[caller] = (callee, sleeps[callee].Sleeper);
                    work.Enqueue(caller);
                }
            }
        }

        public bool MaySleep(MethodSummary method) => sleeps.ContainsKey(method);

        /// <summary>"Helper -> Deep -> Msleep" when the method may sleep, else null.</summary>
        public string? ChainOf(MethodSummary method)
        {
            if (!sleeps.TryGetValue(method, out var step)) return null;
            var names = new List<string>();
            for (MethodSummary? m = method; m != null && names.Count < CallChain.MaxLength; m = sleeps[m].Next) names.Add(m.DisplayName);
            names.Add(step.Sleeper);
            return CallChain.Format(names);
        }
    }
}
