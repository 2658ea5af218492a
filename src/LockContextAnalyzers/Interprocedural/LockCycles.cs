using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>Cycles in the class graph: Tarjan's strongly connected components, iteratively (graphs may be deep).</summary>
    internal static class LockCycles
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
