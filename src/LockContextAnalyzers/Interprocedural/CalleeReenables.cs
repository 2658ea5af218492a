using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// The re-enables of bh or irqs a method may run, itself or through its callees, that turn
    /// them on whatever its callers had (<see cref="Reenable.BeyondEntry"/>): lockdep marks every
    /// lock held at that moment, the callers' locks included. Context-insensitive, like
    /// <see cref="TransitiveAcquisitions"/>, but computed on demand: only calls made with a lock
    /// held ask, and most of a large program's methods are never below one. A bh enable passes only
    /// through calls made with the caller's own bh still on (otherwise it undoes that caller's
    /// disable, not the one further out). Within a cycle of calls a method sees what its callees
    /// had found when the search reached it: fewer marks, never wrong ones.
    /// </summary>
    internal sealed class CalleeReenables
    {
        /// <summary>Re-enables kept per method; past it a method's set stops growing (fewer marks, never wrong ones).</summary>
        public const int MaxPerMethod = 64;

        private readonly CallGraph graph;

        // Per method: each re-enable it may run, and the callee to follow towards it (null: its own).
        private readonly Dictionary<MethodSummary, List<(Reenable Reenable, MethodSummary? Next)>> found =
            new Dictionary<MethodSummary, List<(Reenable, MethodSummary?)>>();

        private static readonly List<(Reenable, MethodSummary?)> None = new List<(Reenable, MethodSummary?)>();

        public CalleeReenables(CallGraph graph) { this.graph = graph; }

        public IEnumerable<Reenable> Of(MethodSummary method)
        {
            foreach (var (site, _) in Find(method)) yield return site;
        }

        /// <summary>"Helper -> Inner": the calls from <paramref name="method"/> to the re-enable; long chains keep their ends.</summary>
        public string Chain(MethodSummary method, Reenable re)
        {
            var names = new List<string>();
            for (var m = method; m != null && names.Count < CallChain.MaxLength; )
            {
                names.Add(m.DisplayName);
                m = found.TryGetValue(m, out var list) ? list.Find(e => e.Reenable == re).Next : null;
            }
            return CallChain.Format(names);
        }

        // Depth first and iterative (call chains can be thousands deep), each method finished after its callees.
        private List<(Reenable Reenable, MethodSummary? Next)> Find(MethodSummary root)
        {
            if (found.TryGetValue(root, out var known)) return known;
            var open = new HashSet<MethodSummary> { root };
            var stack = new Stack<(MethodSummary Method, int Call, int Target)>();
            stack.Push((root, 0, 0));
            while (stack.Count > 0)
            {
                var (method, call, target) = stack.Pop();
                if (call < method.Calls.Length)
                {
                    var targets = graph.CalleesOf(method)[call];
                    if (target >= targets.Count) { stack.Push((method, call + 1, 0)); continue; }
                    stack.Push((method, call, target + 1));
                    var callee = targets[target];
                    if (!found.ContainsKey(callee) && open.Add(callee)) stack.Push((callee, 0, 0));
                    continue;
                }
                found[method] = Collect(method);
                open.Remove(method);
            }
            return found[root];
        }

        private List<(Reenable, MethodSummary?)> Collect(MethodSummary method)
        {
            List<(Reenable Reenable, MethodSummary? Next)>? list = null;
            foreach (var re in method.Reenables)
                if (re.BeyondEntry) Keep(ref list, re, null);
            var callees = graph.CalleesOf(method);
            for (int i = 0; i < callees.Length; i++)
                foreach (var callee in callees[i])
                    if (found.TryGetValue(callee, out var theirs))
                        foreach (var (re, _) in theirs)
                            if (!(re.Bh && method.Calls[i].Before.BhOff)) Keep(ref list, re, callee);
            return list ?? None;
        }

        private static void Keep(ref List<(Reenable Reenable, MethodSummary? Next)>? list, Reenable re, MethodSummary? next)
        {
            list ??= new List<(Reenable, MethodSummary?)>();
            if (list.Count >= MaxPerMethod || list.Exists(e => e.Reenable == re)) return;
            list.Add((re, next));
        }
    }
}
