using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// Lock classes each method may take, itself or through its callees (context-insensitive: lock
    /// order does not depend on context), so an edge can run from a lock held in a caller to one
    /// taken any number of calls deeper.
    /// </summary>
    internal sealed class TransitiveAcquisitions
    {
        // Per method, per class: the acquisition, and the callee to follow towards it (null: taken here).
        private readonly Dictionary<MethodSummary, Dictionary<int, (LockClass Class, Acquisition Taken, MethodSummary? Next)>> sets;

        /// <summary>Classes kept per method; past it a method's set stops growing (fewer edges, never wrong ones).</summary>
        public const int MaxClassesPerMethod = 512;

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public TransitiveAcquisitions(IReadOnlyList<MethodSummary> summaries,
            CallGraph graph, LockResolver locks, System.Threading.CancellationToken ct)
        {
            sets = new Dictionary<MethodSummary, Dictionary<int, (LockClass, Acquisition, MethodSummary?)>>(summaries.Count);
            var work = new Queue<MethodSummary>();
            // A method that reaches no lock has no set at all: most of a large project's methods.
            foreach (var s in summaries)
            {
                Dictionary<int, (LockClass, Acquisition, MethodSummary?)>? own = null;
                foreach (var acq in s.Acquisitions)
                {
                    if (acq.IsTry || acq.IsContract) continue; // a trylock cannot wait, so it orders nothing
                    foreach (var c in locks.Resolve(acq.Lock, null))
                    {
                        own ??= sets[s] = new Dictionary<int, (LockClass, Acquisition, MethodSummary?)>();
                        if (!own.ContainsKey(c.Id)) own[c.Id] = (c, acq, null);
                    }
                }
                if (own != null) work.Enqueue(s);
            }
            // Backwards along calls: whatever a callee may take, its callers may take too.
            while (work.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                var callee = work.Dequeue();
                var list = graph.CallersOf(callee);
                var theirs = sets[callee];
                for (int i = 0; i < list.Count; i++)
                {
                    var caller = list[i].Caller;
                    if (!sets.TryGetValue(caller, out var mine)) sets[caller] = mine = new Dictionary<int, (LockClass, Acquisition, MethodSummary?)>();
                    bool grew = false;
                    foreach (var kv in theirs)
                    {
                        if (mine.Count >= MaxClassesPerMethod) break;
                        if (mine.ContainsKey(kv.Key)) continue;
                        mine[kv.Key] = (kv.Value.Class, kv.Value.Taken, callee);
                        grew = true;
                    }
                    if (grew) work.Enqueue(caller);
                }
            }
        }

        public IEnumerable<(LockClass Class, Acquisition Taken)> Of(MethodSummary method) =>
            sets.TryGetValue(method, out var set) ? set.Values.Select(v => (v.Class, v.Taken)) : Enumerable.Empty<(LockClass, Acquisition)>();

        /// <summary>"Helper -> Inner": the calls from <paramref name="method"/> to where it takes the class; long chains keep their ends.</summary>
        public string Chain(MethodSummary method, LockClass lockClass)
        {
            var names = new List<string>();
            for (var m = method; m != null && names.Count < CallChain.MaxLength; )
            {
                names.Add(m.DisplayName);
                m = sets.TryGetValue(m, out var set) && set.TryGetValue(lockClass.Id, out var entry) ? entry.Next : null;
            }
            return CallChain.Format(names);
        }
    }
}
