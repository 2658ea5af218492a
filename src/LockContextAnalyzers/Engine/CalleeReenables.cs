using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Engine
{
    /// <summary>
    /// The re-enables of bh or irqs each method may run, itself or through its callees, that turn
    /// them on whatever its callers had (<see cref="Reenable.BeyondEntry"/>): lockdep marks every
    /// lock held at that moment, the callers' locks included. Context-insensitive, like
    /// <see cref="TransitiveAcquisitions"/>; a bh enable passes only through calls made with this
    /// method's own bh still on (otherwise it undoes that method's disable, not the caller's).
    /// </summary>
    public sealed class CalleeReenables
    {
        /// <summary>Re-enables kept per method; past it a method's set stops growing (fewer marks, never wrong ones).</summary>
        public const int MaxPerMethod = 64;

        // Per method, per re-enable site: the re-enable, and the callee to follow towards it (null: here).
        private readonly Dictionary<MethodSummary, Dictionary<Location, (Reenable Site, MethodSummary? Next)>> sets =
            new Dictionary<MethodSummary, Dictionary<Location, (Reenable, MethodSummary?)>>();

        public CalleeReenables(IReadOnlyList<MethodSummary> summaries,
            IReadOnlyDictionary<IMethodSymbol, List<(CallSite Site, MethodSummary Caller)>> callers, System.Threading.CancellationToken ct)
        {
            var work = new Queue<MethodSummary>();
            foreach (var s in summaries)
                foreach (var re in s.Reenables)
                {
                    if (!re.BeyondEntry) continue;
                    if (!sets.TryGetValue(s, out var own)) sets[s] = own = new Dictionary<Location, (Reenable, MethodSummary?)>();
                    if (own.Count < MaxPerMethod && !own.ContainsKey(re.Location)) own[re.Location] = (re, null);
                    if (own.Count == 1) work.Enqueue(s);
                }
            while (work.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                var callee = work.Dequeue();
                if (!callers.TryGetValue(callee.Method, out var list)) continue;
                var theirs = sets[callee];
                foreach (var (call, caller) in list)
                {
                    if (!sets.TryGetValue(caller, out var mine)) sets[caller] = mine = new Dictionary<Location, (Reenable, MethodSummary?)>();
                    bool grew = false;
                    foreach (var kv in theirs)
                    {
                        if (mine.Count >= MaxPerMethod) break;
                        if (mine.ContainsKey(kv.Key) || (kv.Value.Site.Bh && call.Before.BhOff)) continue;
                        mine[kv.Key] = (kv.Value.Site, callee);
                        grew = true;
                    }
                    if (grew) work.Enqueue(caller);
                }
            }
        }

        public IEnumerable<Reenable> Of(MethodSummary method)
        {
            if (!sets.TryGetValue(method, out var set)) yield break;
            foreach (var v in set.Values) yield return v.Site;
        }

        /// <summary>"Helper -> Inner": the calls from <paramref name="method"/> to the re-enable; long chains keep their ends.</summary>
        public string Chain(MethodSummary method, Reenable re)
        {
            var names = new List<string>();
            for (var m = method; m != null && names.Count < CallChain.MaxLength; )
            {
                names.Add(m.DisplayName);
                m = sets.TryGetValue(m, out var set) && set.TryGetValue(re.Location, out var entry) ? entry.Next : null;
            }
            return CallChain.Format(names);
        }
    }
}
