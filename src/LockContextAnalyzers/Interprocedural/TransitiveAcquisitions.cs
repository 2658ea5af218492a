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
    /// <remarks>
    /// Only for the methods the walk can ask about: the callees of calls made with a lock held on
    /// every path, and what they call (a set is made of its callees', and a chain follows them).
    /// Whatever one of them calls is one of them, so their sets are made only of each other's and
    /// grow in the same order, from the same callees, as when every method had one (the worklist's
    /// order restricted to them is the same); in a project where few calls are made under a lock,
    /// most of the sets and their allocation were never read (benchmarks/README.md, item 33).
    /// </remarks>
    internal sealed class TransitiveAcquisitions
    {
        // Per method, by its position in the graph: the classes, each with the acquisition and the
        // callee to follow towards it (null: taken here).
        private readonly ClassSet?[] sets;
        // Per method, by position: the acquisitions of its own lock parameters (by ordinal), itself
        // or through callees it passes them to, each with the callee to follow. A caller's call
        // resolves them to what that call passes (Of), so a helper called with two locks orders
        // each caller's held locks before the lock it passes only.
        private readonly List<(int Ordinal, Acquisition Taken, MethodSummary? Next)>?[] parameterSets;
        private readonly CallGraph graph;

        /// <summary>Classes kept per method; past it a method's set stops growing (fewer edges, never wrong ones).</summary>
        public const int MaxClassesPerMethod = 512;

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public TransitiveAcquisitions(IReadOnlyList<MethodSummary> summaries,
            CallGraph graph, LockResolver locks, System.Threading.CancellationToken ct, IEnumerable<MethodSummary>? waitedCallbacks = null)
        {
            this.graph = graph;
            sets = new ClassSet?[graph.Count];
            parameterSets = new List<(int, Acquisition, MethodSummary?)>?[graph.Count];
            var asked = AskedAbout(summaries, graph, waitedCallbacks, ct);
            var work = new Queue<MethodSummary>();
            // A method that reaches no lock has no set at all: most of a large project's methods.
            foreach (var s in summaries)
            {
                ClassSet? own = null;
                int k = graph.OrdinalOf(s);
                if (k < 0) continue;
                bool ownParameter = false;
                foreach (var acq in s.Acquisitions)
                {
                    if (acq.IsTry || acq.IsContract) continue; // a trylock cannot wait, so it orders nothing
                    // Resolved for every method, kept for those asked about: the resolver's memo of
                    // parameters fills in the same order as when every method had a set.
                    var classes = locks.Resolve(acq.Lock, null);
                    if (!asked[k]) continue;
                    if (acq.Lock is LockRef.Parameter p && p.Of(s))
                    {
                        ownParameter |= AddParameter(k, p.Ordinal, acq, null);
                        continue;
                    }
                    foreach (var c in classes)
                    {
                        own ??= sets[k] = new ClassSet();
                        own.TryAdd(c, acq, null);
                    }
                }
                if (own != null || ownParameter) work.Enqueue(s);
            }
            // Backwards along calls: whatever a callee may take, its callers may take too.
            while (work.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                var callee = work.Dequeue();
                var list = graph.CallersOf(callee);
                int from = graph.OrdinalOf(callee);
                var theirs = sets[from];
                var theirParameters = parameterSets[from];
                for (int i = 0; i < list.Count; i++)
                {
                    var (call, caller) = list[i];
                    int at = graph.OrdinalOf(caller);
                    if (!asked[at]) continue;
                    bool grew = false;
                    if (theirs != null)
                    {
                        var mine = sets[at] ??= new ClassSet(System.Math.Min(theirs.Count, MaxClassesPerMethod));
                        for (int k = 0; k < theirs.Count; k++)
                        {
                            if (mine.Count >= MaxClassesPerMethod) break;
                            var (_, c, taken, _) = theirs[k];
                            grew |= mine.TryAdd(c, taken, callee);
                        }
                    }
                    // The callee's parameter locks are what this call passes: the caller's own
                    // parameter again, or classes.
                    if (theirParameters != null)
                        foreach (var (ordinal, taken, _) in theirParameters)
                        {
                            var passed = ordinal < call.LockArguments.Length ? call.LockArguments[ordinal] : null;
                            if (passed is LockRef.Parameter q && q.Of(caller)) { grew |= AddParameter(at, q.Ordinal, taken, callee); continue; }
                            foreach (var c in locks.Resolve(passed, null))
                            {
                                var mine = sets[at] ??= new ClassSet();
                                if (mine.Count < MaxClassesPerMethod) grew |= mine.TryAdd(c, taken, callee);
                            }
                        }
                    if (grew) work.Enqueue(caller);
                }
            }
        }

        // By ordinal: the methods whose set the walk may read (see the remarks).
        private static bool[] AskedAbout(IReadOnlyList<MethodSummary> summaries, CallGraph graph, IEnumerable<MethodSummary>? waitedCallbacks,
            System.Threading.CancellationToken ct)
        {
            var asked = new bool[graph.Count];
            var reach = new Stack<MethodSummary>();
            void Ask(IReadOnlyList<MethodSummary> targets)
            {
                for (int t = 0; t < targets.Count; t++)
                    if (graph.OrdinalOf(targets[t]) is int k and >= 0 && !asked[k])
                    {
                        asked[k] = true;
                        reach.Push(targets[t]);
                    }
            }
            foreach (var s in summaries)
            {
                if (!s.HasCallsWithLockHeldOnEveryPath) continue;
                var callees = graph.CalleesOf(s);
                for (int i = 0; i < callees.Length; i++)
                    if (!s.Calls[i].Before.MustHeld.IsDefaultOrEmpty) Ask(callees[i]);
            }
            // A callback that something waits for runs holding its object's map (LockAnalysis.Waits):
            // whatever it calls is ordered after that map.
            foreach (var callback in waitedCallbacks ?? System.Array.Empty<MethodSummary>())
            {
                var callees = graph.CalleesOf(callback);
                for (int i = 0; i < callees.Length; i++) Ask(callees[i]);
            }
            while (reach.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                var callees = graph.CalleesOf(reach.Pop());
                for (int i = 0; i < callees.Length; i++) Ask(callees[i]);
            }
            return asked;
        }

        private bool AddParameter(int method, int ordinal, Acquisition taken, MethodSummary? next)
        {
            var list = parameterSets[method] ??= new List<(int, Acquisition, MethodSummary?)>(1);
            foreach (var e in list) if (e.Ordinal == ordinal) return false;
            list.Add((ordinal, taken, next));
            return true;
        }

        private ClassSet? SetOf(MethodSummary method) => graph.OrdinalOf(method) is int k and >= 0 ? sets[k] : null;

        /// <summary>
        /// What a call to <paramref name="method"/> may take: its classes, and the locks this call
        /// passes for the parameters it takes (<paramref name="passed"/> resolves the call's
        /// arguments in the caller's path).
        /// </summary>
        public IEnumerable<(LockClass Class, Acquisition Taken)> Of(MethodSummary method, CallSite call, System.Func<LockRef?, System.Collections.Immutable.ImmutableArray<LockClass>> passed)
        {
            var set = SetOf(method);
            if (set != null)
                for (int k = 0; k < set.Count; k++) yield return (set[k].Class, set[k].Taken);
            if (graph.OrdinalOf(method) is not (int at and >= 0) || parameterSets[at] is not { } parameters) yield break;
            foreach (var (ordinal, taken, _) in parameters)
                if (ordinal < call.LockArguments.Length)
                    foreach (var c in passed(call.LockArguments[ordinal]))
                        if (!(set?.Contains(c.Id) ?? false)) yield return (c, taken);
        }

        /// <summary>
        /// "Helper -> Inner": the calls from <paramref name="method"/> to where it takes the class (at
        /// <paramref name="site"/>: a lock passed down as a parameter is followed by that site);
        /// long chains keep their ends.
        /// </summary>
        public string Chain(MethodSummary method, LockClass lockClass, Location site)
        {
            var names = new List<string>();
            for (var m = method; m != null && names.Count < CallChain.MaxLength; )
            {
                names.Add(m.DisplayName);
                m = SetOf(m) is ClassSet set && set.TryGetNext(lockClass.Id, out var next) ? next : NextByParameter(m, site);
            }
            return CallChain.Format(names);
        }

        private MethodSummary? NextByParameter(MethodSummary method, Location site)
        {
            if (graph.OrdinalOf(method) is not (int k and >= 0) || parameterSets[k] is not { } parameters) return null;
            foreach (var (_, taken, next) in parameters)
                if (taken.Location == site) return next;
            return null;
        }
    }
}
