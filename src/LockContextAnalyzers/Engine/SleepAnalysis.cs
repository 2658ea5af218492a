using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Engine
{
    /// <summary>A call that may sleep, made where sleeping is forbidden (LCA0007).</summary>
    public sealed class SleepInAtomic
    {
        public SleepInAtomic(Location site, string sleeper, string chain, string why, Visit visit, Location? atomicSince)
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

        /// <summary>Why this point is atomic, in words: "with spinlock 'Dev.Lock' held".</summary>
        public string Why { get; }

        public Visit Visit { get; }

        /// <summary>Where the atomic region began, when it began in this method (the lock taken, the bh disable).</summary>
        public Location? AtomicSince { get; }
    }

    /// <summary>Which methods may sleep, transitively, with the chain down to the sleeping call.</summary>
    public sealed class SleepReachability
    {
        private const int MaxChain = 6;
        private readonly Dictionary<MethodSummary, string> chains = new Dictionary<MethodSummary, string>();

        public SleepReachability(IReadOnlyList<MethodSummary> summaries,
            IReadOnlyDictionary<IMethodSymbol, List<(CallSite Site, MethodSummary Caller)>> callers, System.Threading.CancellationToken ct)
        {
            // Backwards from every method that sleeps itself: its callers may sleep too.
            var work = new Queue<MethodSummary>();
            foreach (var s in summaries)
                if (s.Sleeps.Count > 0)
                {
                    chains[s] = s.DisplayName + " -> " + s.Sleeps[0].ApiName;
                    work.Enqueue(s);
                }
            while (work.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                var callee = work.Dequeue();
                if (!callers.TryGetValue(callee.Method, out var list)) continue;
                foreach (var (_, caller) in list)
                {
                    if (chains.ContainsKey(caller)) continue;
                    chains[caller] = caller.DisplayName + " -> " + Shorten(chains[callee]);
                    work.Enqueue(caller);
                }
            }
        }

        /// <summary>"Helper -> Msleep" when the method may sleep, else null.</summary>
        public string? ChainOf(MethodSummary method) => chains.TryGetValue(method, out var chain) ? chain : null;

        private static string Shorten(string chain)
        {
            var parts = chain.Split(new[] { " -> " }, System.StringSplitOptions.None);
            return parts.Length <= MaxChain ? chain : string.Join(" -> ", parts[0], parts[1], "...", parts[parts.Length - 2], parts[parts.Length - 1]);
        }
    }
}
