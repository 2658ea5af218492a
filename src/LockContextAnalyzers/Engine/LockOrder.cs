using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Engine
{
    /// <summary>"While holding From, the code takes To": one edge of lockdep's dependency graph, with the first site that showed it.</summary>
    public sealed class LockEdge
    {
        public LockEdge(LockClass from, LockClass to, Location site, Location holderSite, bool fromRead, bool toRead, string via, Visit visit)
        {
            From = from;
            To = to;
            Site = site;
            HolderSite = holderSite;
            FromRead = fromRead;
            ToRead = toRead;
            Via = via;
            Visit = visit;
        }

        public LockClass From { get; }
        public LockClass To { get; }

        /// <summary>The acquisition of <see cref="To"/> (in a callee when the edge crosses a call).</summary>
        public Location Site { get; }

        /// <summary>The acquisition of <see cref="From"/> that is held.</summary>
        public Location HolderSite { get; }

        public bool FromRead { get; }
        public bool ToRead { get; }

        /// <summary>The call chain from the holder's method to the acquisition: "Helper -> Inner", empty within one method.</summary>
        public string Via { get; }

        /// <summary>The visit of the method that holds <see cref="From"/>.</summary>
        public Visit Visit { get; }
    }

    /// <summary>
    /// Lock classes each method may take, itself or through its callees (context-insensitive: lock
    /// order does not depend on context), so an edge can run from a lock held in a caller to one
    /// taken any number of calls deeper.
    /// </summary>
    public sealed class TransitiveAcquisitions
    {
        // Per method, per class: the acquisition, and the callee to follow towards it (null: taken here).
        private readonly Dictionary<MethodSummary, Dictionary<int, (LockClass Class, Acquisition Site, MethodSummary? Next)>> sets =
            new Dictionary<MethodSummary, Dictionary<int, (LockClass, Acquisition, MethodSummary?)>>();

        /// <summary>Classes kept per method; past it a method's set stops growing (fewer edges, never wrong ones).</summary>
        public const int MaxClassesPerMethod = 512;

        public TransitiveAcquisitions(IReadOnlyList<MethodSummary> summaries,
            IReadOnlyDictionary<IMethodSymbol, List<(CallSite Site, MethodSummary Caller)>> callers, LockResolver locks, System.Threading.CancellationToken ct)
        {
            var work = new Queue<MethodSummary>();
            foreach (var s in summaries)
            {
                var own = new Dictionary<int, (LockClass, Acquisition, MethodSummary?)>();
                foreach (var acq in s.Acquisitions)
                {
                    if (acq.IsTry || acq.IsContract) continue; // a trylock cannot wait, so it orders nothing
                    foreach (var c in locks.Resolve(acq.Lock, null))
                        if (!own.ContainsKey(c.Id)) own[c.Id] = (c, acq, null);
                }
                sets[s] = own;
                if (own.Count > 0) work.Enqueue(s);
            }
            // Backwards along calls: whatever a callee may take, its callers may take too.
            while (work.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                var callee = work.Dequeue();
                if (!callers.TryGetValue(callee.Method, out var list)) continue;
                var theirs = sets[callee];
                foreach (var (_, caller) in list)
                {
                    var mine = sets[caller];
                    bool grew = false;
                    foreach (var kv in theirs)
                    {
                        if (mine.Count >= MaxClassesPerMethod) break;
                        if (mine.ContainsKey(kv.Key)) continue;
                        mine[kv.Key] = (kv.Value.Class, kv.Value.Site, callee);
                        grew = true;
                    }
                    if (grew) work.Enqueue(caller);
                }
            }
        }

        public IEnumerable<(LockClass Class, Acquisition Site)> Of(MethodSummary method) =>
            sets.TryGetValue(method, out var set) ? set.Values.Select(v => (v.Class, v.Site)) : Enumerable.Empty<(LockClass, Acquisition)>();

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

    /// <summary>Cycles in the class graph: Tarjan's strongly connected components, iteratively (graphs may be deep).</summary>
    public static class LockCycles
    {
        /// <summary>For every edge that lies on a cycle of two or more classes: a path back from its target to its source.</summary>
        public static IEnumerable<(LockEdge Edge, IReadOnlyList<LockEdge> Back)> Find(IReadOnlyList<LockEdge> edges)
        {
            var graph = new Dictionary<int, List<LockEdge>>();
            foreach (var e in edges)
            {
                if (e.From.Id == e.To.Id) continue;
                if (!graph.TryGetValue(e.From.Id, out var list)) graph[e.From.Id] = list = new List<LockEdge>();
                list.Add(e);
            }
            var component = Components(graph);
            foreach (var e in edges)
            {
                if (e.From.Id == e.To.Id || !component.TryGetValue(e.From.Id, out var cf) || !component.TryGetValue(e.To.Id, out var ct) || cf != ct) continue;
                var back = PathWithin(graph, component, e, cf);
                if (back != null) yield return (e, back);
            }
        }

        private static Dictionary<int, int> Components(Dictionary<int, List<LockEdge>> graph)
        {
            var index = new Dictionary<int, int>();
            var low = new Dictionary<int, int>();
            var onStack = new HashSet<int>();
            var stack = new Stack<int>();
            var result = new Dictionary<int, int>();
            int counter = 0, components = 0;
            foreach (var root in graph.Keys.ToList())
            {
                if (index.ContainsKey(root)) continue;
                var work = new Stack<(int Node, int Next)>();
                work.Push((root, 0));
                index[root] = low[root] = counter++;
                stack.Push(root);
                onStack.Add(root);
                while (work.Count > 0)
                {
                    var (node, next) = work.Pop();
                    var outs = graph.TryGetValue(node, out var l) ? l : new List<LockEdge>();
                    if (next < outs.Count)
                    {
                        work.Push((node, next + 1));
                        int to = outs[next].To.Id;
                        if (!index.ContainsKey(to))
                        {
                            index[to] = low[to] = counter++;
                            stack.Push(to);
                            onStack.Add(to);
                            work.Push((to, 0));
                        }
                        else if (onStack.Contains(to)) low[node] = System.Math.Min(low[node], index[to]);
                        continue;
                    }
                    if (work.Count > 0) { var parent = work.Peek().Node; low[parent] = System.Math.Min(low[parent], low[node]); }
                    if (low[node] != index[node]) continue;
                    var members = new List<int>();
                    int m;
                    do { m = stack.Pop(); onStack.Remove(m); members.Add(m); } while (m != node);
                    if (members.Count > 1) { foreach (var x in members) result[x] = components; components++; }
                }
            }
            return result;
        }

        /// <summary>
        /// A strong path back from <paramref name="closing"/>'s target to its source, breadth first
        /// within one component. Strong as lockdep's <c>__bfs</c> means it: no class is taken by a
        /// reader on one edge and held by a reader on the next (a reader never waits for a reader,
        /// so rwlock readers pass no wait along), the closing edge included at both of its ends.
        /// </summary>
        private static IReadOnlyList<LockEdge>? PathWithin(Dictionary<int, List<LockEdge>> graph, Dictionary<int, int> component, LockEdge closing, int c)
        {
            var cameBy = new Dictionary<(int, bool), (LockEdge Edge, (int, bool) From)>();
            var start = (closing.To.Id, closing.ToRead);
            var queue = new Queue<(int Class, bool TakenRead)>();
            queue.Enqueue(start);
            var seen = new HashSet<(int, bool)> { start };
            while (queue.Count > 0)
            {
                var state = queue.Dequeue();
                if (!graph.TryGetValue(state.Class, out var outs)) continue;
                foreach (var e in outs)
                {
                    if (state.TakenRead && e.FromRead) continue;
                    if (!component.TryGetValue(e.To.Id, out var ec) || ec != c) continue;
                    var next = (e.To.Id, e.ToRead);
                    if (!seen.Add(next)) continue;
                    cameBy[next] = (e, state);
                    if (e.To.Id == closing.From.Id && !(e.ToRead && closing.FromRead))
                    {
                        var path = new List<LockEdge>();
                        for (var n = next; n != start; n = cameBy[n].From) path.Add(cameBy[n].Edge);
                        path.Reverse();
                        return path;
                    }
                    queue.Enqueue(next);
                }
            }
            return null;
        }
    }
}
