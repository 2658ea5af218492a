using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>Which methods may sleep, transitively, with the chain down to the sleeping call.</summary>
    internal sealed class SleepReachability
    {
        // Per method that may sleep: the callee to follow towards the sleep (null: it sleeps
        // itself), and the sleeping call. Chains are written out only when reported.
        private readonly Dictionary<MethodSummary, (MethodSummary? Next, string Sleeper)> sleeps =
            new Dictionary<MethodSummary, (MethodSummary?, string)>();

        public SleepReachability(IReadOnlyList<MethodSummary> summaries,
            CallGraph graph, System.Threading.CancellationToken ct)
        {
            // Backwards from every method that sleeps itself: its callers may sleep too.
            var work = new Queue<MethodSummary>();
            foreach (var s in summaries)
                if (s.Sleeps.Length > 0)
                {
                    sleeps[s] = (null, s.Sleeps[0].ApiName);
                    work.Enqueue(s);
                }
            while (work.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                var callee = work.Dequeue();
                var list = graph.CallersOf(callee);
                for (int i = 0; i < list.Count; i++)
                {
                    var caller = list[i].Caller;
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
