using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// The lock classes every caller path holds when a method is entered (a must-analysis over the
    /// call graph, to its greatest fixpoint): what a guarded access or an assert in the method can
    /// count on. An entry (a registered callback, an attributed method, a method nothing calls)
    /// holds nothing but what its <c>[MustHold]</c> says. Computed only over the methods that can
    /// reach a place that needs it. Locks compare by class across calls; within a method, by the
    /// lock as written.
    /// </summary>
    internal sealed class HeldOnEntry
    {
        /// <summary>Rounds over the region before giving up (the lattice is finite; this only bounds pathological graphs).</summary>
        private const int MaxRounds = 64;

        private readonly LockAnalysis analysis;

        // Class id -> held exclusively on every path (false: some path holds it only as a reader).
        private readonly Dictionary<MethodSummary, Dictionary<int, bool>?> held = new Dictionary<MethodSummary, Dictionary<int, bool>?>();

        public HeldOnEntry(LockAnalysis analysis, IEnumerable<MethodSummary> needed, CancellationToken ct)
        {
            this.analysis = analysis;
            var region = new List<MethodSummary>();
            var queue = new Queue<MethodSummary>(needed);
            var seen = new HashSet<MethodSummary>(queue);
            while (queue.Count > 0)
            {
                var m = queue.Dequeue();
                region.Add(m);
                foreach (var (_, caller) in CallersOf(m))
                    if (seen.Add(caller)) queue.Enqueue(caller);
            }
            foreach (var m in region) held[m] = IsEntry(m) ? Contract(m) : null;
            for (int round = 0; round < MaxRounds; round++)
            {
                ct.ThrowIfCancellationRequested();
                bool changed = false;
                foreach (var m in region)
                {
                    if (IsEntry(m)) continue;
                    var meet = Meet(m);
                    if (meet != null && (held[m] == null || !Same(meet, held[m]!))) { held[m] = meet; changed = true; }
                }
                if (!changed) break;
            }
        }

        /// <summary>Whether every way into the method holds one of <paramref name="classes"/> as needed.</summary>
        public bool Holds(MethodSummary method, IReadOnlyList<LockClass> classes, HoldNeeded needs) =>
            held.TryGetValue(method, out var set) && set != null
            && classes.Any(c => set.TryGetValue(c.Id, out bool exclusive) && (needs != HoldNeeded.Exclusive || exclusive));

        /// <summary>Whether some way into the method holds a lock on some path (taking another one there would add an order edge).</summary>
        public bool MayHoldAnything(MethodSummary method)
        {
            if (mayHold.TryGetValue(method, out bool known)) return known;
            var seen = new HashSet<MethodSummary> { method };
            var queue = new Queue<MethodSummary>(seen);
            bool found = false;
            while (queue.Count > 0 && !found)
            {
                var m = queue.Dequeue();
                if (m.MustHoldLocks.Length > 0) { found = true; break; }
                foreach (var (site, caller) in CallersOf(m))
                {
                    if (!site.Before.Held.IsEmpty) { found = true; break; }
                    if (seen.Add(caller)) queue.Enqueue(caller);
                }
            }
            return mayHold[method] = found;
        }

        private readonly Dictionary<MethodSummary, bool> mayHold = new Dictionary<MethodSummary, bool>();

        /// <summary>
        /// A way in without the lock: the call chain from an entry (or a caller that never gets it) to
        /// the method, and the first call of it that is made without the lock; null when there is no caller.
        /// </summary>
        public (string Chain, Location Call)? WayInWithout(MethodSummary method, IReadOnlyList<LockClass> classes, HoldNeeded needs)
        {
            var names = new List<string> { method.DisplayName };
            Location? first = null;
            var seen = new HashSet<MethodSummary> { method };
            for (var m = method; names.Count < CallChain.MaxLength; )
            {
                var step = CallersOf(m).FirstOrDefault(c => !seen.Contains(c.Caller) && !HeldThrough(c.Call, c.Caller, classes, needs));
                if (step.Caller == null) break;
                first ??= step.Call.Location;
                names.Add(step.Caller.DisplayName);
                seen.Add(step.Caller);
                m = step.Caller;
            }
            if (first == null) return null;
            names.Reverse();
            return (CallChain.Format(names), first);
        }

        private bool HeldThrough(CallSite site, MethodSummary caller, IReadOnlyList<LockClass> classes, HoldNeeded needs)
        {
            var at = AtCall(site, caller);
            if (held.TryGetValue(caller, out var entry) && entry != null) at = Union(at, entry);
            return classes.Any(c => at.TryGetValue(c.Id, out bool exclusive) && (needs != HoldNeeded.Exclusive || exclusive));
        }

        private bool IsEntry(MethodSummary m) => analysis.Entries.Contains(m) || !analysis.Graph.IsCalled(m);

        private IReadOnlyList<(CallSite Call, MethodSummary Caller)> CallersOf(MethodSummary m) => analysis.Graph.CallersOf(m);

        // Null while no caller is known yet (the top of the lattice).
        private Dictionary<int, bool>? Meet(MethodSummary m)
        {
            Dictionary<int, bool>? result = null;
            foreach (var (site, caller) in CallersOf(m))
            {
                if (!held.TryGetValue(caller, out var callerEntry)) callerEntry = new Dictionary<int, bool>();
                if (callerEntry == null) continue;
                var here = Union(AtCall(site, caller), callerEntry);
                result = result == null ? here : Intersect(result, here);
            }
            return result == null ? null : Union(result, Contract(m));
        }

        private Dictionary<int, bool> AtCall(CallSite site, MethodSummary caller)
        {
            var set = new Dictionary<int, bool>();
            foreach (int id in site.Before.MustHeld)
                if (caller.AcquisitionById(id) is Acquisition acq)
                    foreach (var c in analysis.Locks.Resolve(acq.Lock, null))
                        set[c.Id] = (!set.TryGetValue(c.Id, out bool e) || e) && acq.Mode != LockMode.Read;
            return set;
        }

        private Dictionary<int, bool> Contract(MethodSummary m)
        {
            var set = new Dictionary<int, bool>();
            foreach (var lockRef in m.MustHoldLocks)
                foreach (var c in analysis.Locks.Resolve(lockRef, null))
                    set[c.Id] = true;
            return set;
        }

        private static Dictionary<int, bool> Union(Dictionary<int, bool> a, Dictionary<int, bool> b)
        {
            var set = new Dictionary<int, bool>(a);
            foreach (var kv in b) set[kv.Key] = set.TryGetValue(kv.Key, out bool e) ? e || kv.Value : kv.Value;
            return set;
        }

        private static Dictionary<int, bool> Intersect(Dictionary<int, bool> a, Dictionary<int, bool> b)
        {
            var set = new Dictionary<int, bool>();
            foreach (var kv in a)
                if (b.TryGetValue(kv.Key, out bool e)) set[kv.Key] = kv.Value && e;
            return set;
        }

        private static bool Same(Dictionary<int, bool> a, Dictionary<int, bool> b) =>
            a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out bool e) && e == kv.Value);
    }
}
