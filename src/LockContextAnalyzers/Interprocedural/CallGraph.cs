using System.Collections.Generic;
using System.Threading;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// The call graph of one analysis: every summary's calls resolved once, and who calls each
    /// method. The walk visits a method once per state and asks for its callees three times a
    /// visit; the passes around it ask for callers many times. Both are answered per summary by
    /// its position in the analysis' list (<see cref="OrdinalOf"/>), an array index instead of a
    /// lookup per call target, per symbol or per summary: hashing a symbol and looking up a target
    /// was a third of a fact-changing edit's analysis at 50k methods, the callers kept by symbol a
    /// sixth of the walk, and the maps by summary a quarter of building this graph
    /// (benchmarks/README.md). Callers are kept per callee summary: every way of resolving a call
    /// (<see cref="ICallResolver.Resolve"/>) yields all of a method's summaries or none, so
    /// summaries that share a symbol share their callers.
    /// </summary>
    internal sealed class CallGraph
    {
        private static readonly (CallSite Call, MethodSummary Caller)[] None = new (CallSite, MethodSummary)[0];
        private static readonly IReadOnlyList<MethodSummary>[] NoCalls = new IReadOnlyList<MethodSummary>[0];
        private static int lastId;

        private readonly int id = Interlocked.Increment(ref lastId);
        private readonly IReadOnlyList<MethodSummary> summaries;
        private readonly ICallResolver calls;

        // By ordinal. Callers are counted first, then filled: an array of the exact size per callee
        // (lists grown step by step were the largest allocation of the passes around the walk:
        // benchmarks/README.md, item 20).
        private readonly IReadOnlyList<MethodSummary>[][] callees;
        private readonly (CallSite Call, MethodSummary Caller)[]?[] callers;

        private readonly IReadOnlyList<MethodSummary>[]?[] callbacks;

        // Only when needed: positions when another analysis took a summary's slot, and callees of
        // a summary outside this graph's list.
        private Dictionary<MethodSummary, int>? ordinals;
        private Dictionary<MethodSummary, IReadOnlyList<MethodSummary>[]>? outside;

        public CallGraph(IReadOnlyList<MethodSummary> summaries, ICallResolver calls, CancellationToken ct)
            : this(summaries, calls)
        {
            for (int k = 0; k < callees.Length; k++)
            {
                ct.ThrowIfCancellationRequested();
                callees[k] = Resolve(summaries[k]);
            }
            FillCallers();
        }

        private CallGraph(IReadOnlyList<MethodSummary> summaries, ICallResolver calls)
        {
            this.summaries = summaries;
            this.calls = calls;
            int n = summaries.Count;
            for (int k = 0; k < n; k++) Volatile.Write(ref summaries[k].GraphSlot, ((long)id << 32) | (uint)k);
            callees = new IReadOnlyList<MethodSummary>[n][];
            callers = new (CallSite, MethodSummary)[]?[n];
            callbacks = new IReadOnlyList<MethodSummary>[]?[n];
        }

        /// <summary>
        /// The graph of summaries that are an earlier graph's, at the same positions, but for those
        /// <paramref name="replaced"/> (<see cref="Incremental.IndexPatch"/>): those are resolved
        /// anew, and every other summary keeps the earlier resolution of its calls and of its
        /// registrations' callbacks with the replaced summaries swapped in. Which calls reached one
        /// is what the earlier graph's callers say, so nothing else is looked at for calls.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public static CallGraph Patched(CallGraph earlier, IReadOnlyList<MethodSummary> summaries, ICallResolver calls,
            IReadOnlyList<(int Position, MethodSummary Earlier)> replaced, CancellationToken ct)
        {
            var graph = new CallGraph(summaries, calls);
            System.Array.Copy(earlier.callees, graph.callees, graph.callees.Length);
            var now = new Dictionary<MethodSummary, MethodSummary>(replaced.Count);
            foreach (var (k, old) in replaced) now[old] = summaries[k];
            var swappedLists = new Dictionary<IReadOnlyList<MethodSummary>, IReadOnlyList<MethodSummary>>();
            var copied = new HashSet<int>();
            foreach (var (k, _) in replaced)
            {
                ct.ThrowIfCancellationRequested();
                graph.callees[k] = graph.Resolve(summaries[k]);
                foreach (var (call, caller) in earlier.callers[k] ?? None)
                {
                    if (now.ContainsKey(caller)) continue; // resolved anew above
                    int at = graph.OrdinalOf(caller);
                    int i = caller.Calls.IndexOf(call);
                    if (at < 0 || i < 0) continue;
                    if (copied.Add(at)) graph.callees[at] = (IReadOnlyList<MethodSummary>[])graph.callees[at].Clone();
                    graph.callees[at][i] = Swapped(graph.callees[at][i], now, swappedLists);
                }
            }
            graph.PatchCallbacks(earlier, replaced, now, swappedLists);
            graph.FillCallers();
            return graph;
        }

        // The registrations' callbacks, as the calls': the earlier graph's resolutions with the
        // replaced summaries swapped in, and a replaced summary's own resolved again when asked.
        // No reverse map says which lists name a replaced summary, so each list is looked through
        // (a few thousand short lists; resolving them all again was most of checking the
        // registered attributes, and a list and a set per delegate: benchmarks/README.md, item 33).
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void PatchCallbacks(CallGraph earlier, IReadOnlyList<(int Position, MethodSummary Earlier)> replaced,
            Dictionary<MethodSummary, MethodSummary> now, Dictionary<IReadOnlyList<MethodSummary>, IReadOnlyList<MethodSummary>> swappedLists)
        {
            System.Array.Copy(earlier.callbacks, callbacks, callbacks.Length);
            foreach (var (k, _) in replaced) callbacks[k] = null;
            if (now.Count == 0) return;
            for (int k = 0; k < callbacks.Length; k++)
            {
                var lists = callbacks[k];
                if (lists == null) continue;
                IReadOnlyList<MethodSummary>[]? copy = null;
                for (int r = 0; r < lists.Length; r++)
                {
                    var targets = lists[r];
                    if (targets == null) { copy = null; callbacks[k] = null; break; } // still being filled elsewhere: resolved again when asked
                    if (!Names(targets, now)) continue;
                    (copy ??= (IReadOnlyList<MethodSummary>[])lists.Clone())[r] = Swapped(targets, now, swappedLists);
                }
                if (copy != null) callbacks[k] = copy;
            }
        }

        // The list with the replaced summaries swapped in, made once per list however many calls or registrations share it.
        private static IReadOnlyList<MethodSummary> Swapped(IReadOnlyList<MethodSummary> targets, Dictionary<MethodSummary, MethodSummary> now,
            Dictionary<IReadOnlyList<MethodSummary>, IReadOnlyList<MethodSummary>> swappedLists)
        {
            if (swappedLists.TryGetValue(targets, out var swapped)) return swapped;
            var list = new List<MethodSummary>(targets.Count);
            for (int t = 0; t < targets.Count; t++) list.Add(now.TryGetValue(targets[t], out var s) ? s : targets[t]);
            return swappedLists[targets] = list;
        }

        private static bool Names(IReadOnlyList<MethodSummary> targets, Dictionary<MethodSummary, MethodSummary> replaced)
        {
            for (int t = 0; t < targets.Count; t++) if (replaced.ContainsKey(targets[t])) return true;
            return false;
        }

        // Callers are counted first, then filled.
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void FillCallers()
        {
            int n = callees.Length;
            var counts = new int[n];
            for (int k = 0; k < n; k++)
            {
                var targets = callees[k];
                for (int i = 0; i < targets.Length; i++)
                    for (int t = 0; t < targets[i].Count; t++)
                        if (OrdinalOf(targets[i][t]) is int callee and >= 0) counts[callee]++;
            }
            for (int k = 0; k < n; k++)
            {
                var s = summaries[k];
                var targets = callees[k];
                for (int i = 0; i < targets.Length; i++)
                    for (int t = 0; t < targets[i].Count; t++)
                    {
                        int callee = OrdinalOf(targets[i][t]);
                        if (callee < 0) continue;
                        var found = callers[callee] ??= new (CallSite, MethodSummary)[counts[callee]];
                        found[found.Length - counts[callee]--] = (s.Calls[i], s);
                    }
            }
        }

        /// <summary>
        /// The summary's position in this analysis' list, -1 if it is not there. Summaries are
        /// shared by the analyses of an IDE's snapshots, which may run at once: a slot another
        /// graph wrote is answered from a map made then.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public int OrdinalOf(MethodSummary summary)
        {
            long slot = Volatile.Read(ref summary.GraphSlot);
            if ((int)(slot >> 32) == id) return (int)slot;
            // Published whole: two snapshots' patches may ask a graph they both patch from at once.
            var known = Volatile.Read(ref ordinals);
            if (known == null)
            {
                known = new Dictionary<MethodSummary, int>(summaries.Count);
                for (int k = 0; k < summaries.Count; k++) known[summaries[k]] = k;
                Volatile.Write(ref ordinals, known);
            }
            return known.TryGetValue(summary, out int ordinal) ? ordinal : -1;
        }

        /// <summary>How many summaries the graph has positions for (arrays by <see cref="OrdinalOf"/> are this long).</summary>
        public int Count => summaries.Count;

        /// <summary>What each of the method's calls (<see cref="MethodSummary.Calls"/>, by position) may run.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public IReadOnlyList<MethodSummary>[] CalleesOf(MethodSummary method)
        {
            int k = OrdinalOf(method);
            if (k >= 0) return callees[k];
            outside ??= new Dictionary<MethodSummary, IReadOnlyList<MethodSummary>[]>();
            if (!outside.TryGetValue(method, out var known)) outside[method] = known = Resolve(method);
            return known;
        }

        private IReadOnlyList<MethodSummary>[] Resolve(MethodSummary method)
        {
            var targets = method.Calls.Length == 0 ? NoCalls : new IReadOnlyList<MethodSummary>[method.Calls.Length];
            for (int i = 0; i < targets.Length; i++) targets[i] = calls.Resolve(method.Calls[i].Target);
            return targets;
        }

        /// <summary>
        /// What the callback of each of the method's registrations (<see cref="MethodSummary.Registrations"/>,
        /// by position) may be; resolved once, as the entries and the attribute check both ask.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public IReadOnlyList<MethodSummary> CallbacksOf(MethodSummary method, int registration)
        {
            int k = OrdinalOf(method);
            if (k < 0) return calls.Resolve(method.Registrations[registration].Callback);
            var known = callbacks[k];
            if (known == null)
            {
                known = callbacks[k] = new IReadOnlyList<MethodSummary>[method.Registrations.Length];
                for (int i = 0; i < known.Length; i++) known[i] = calls.Resolve(method.Registrations[i].Callback);
            }
            return known[registration];
        }

        /// <summary>Every call that reaches the method, with the method it is in; empty when nothing here calls it.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public IReadOnlyList<(CallSite Call, MethodSummary Caller)> CallersOf(MethodSummary callee) =>
            OrdinalOf(callee) is int k and >= 0 ? callers[k] ?? None : None;

        /// <summary>
        /// The same, by the method's symbol (a parameter's callers: <see cref="LockResolver"/>),
        /// through one of its summaries: they share their callers.
        /// </summary>
        public IReadOnlyList<(CallSite Call, MethodSummary Caller)> CallersOf(IMethodSymbol callee) =>
            calls.Summary(callee) is MethodSummary summary ? CallersOf(summary) : None;

        /// <summary>Whether anything here calls the method.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public bool IsCalled(MethodSummary method) => OrdinalOf(method) is int k and >= 0 && callers[k] != null;
    }
}
