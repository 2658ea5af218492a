using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// The call graph of one analysis: every summary's calls resolved once, and who calls each
    /// method. The walk visits a method once per state and asks for its callees three times a
    /// visit; the passes around it ask for callers many times. Both are answered per summary
    /// (a reference lookup) instead of per call target or per symbol: hashing a symbol and
    /// looking up a target was a third of a fact-changing edit's analysis at 50k methods, and
    /// the callers kept by symbol a sixth of the walk (benchmarks/README.md). Callers are kept per
    /// callee summary: every way of resolving a call (<see cref="ICallResolver.Resolve"/>) yields
    /// all of a method's summaries or none, so summaries that share a symbol share their callers.
    /// </summary>
    internal sealed class CallGraph
    {
        private static readonly (CallSite Call, MethodSummary Caller)[] None = new (CallSite, MethodSummary)[0];
        private static readonly IReadOnlyList<MethodSummary>[] NoCalls = new IReadOnlyList<MethodSummary>[0];

        private readonly ICallResolver calls;

        // Counted first, then filled: an array of the exact size per callee (lists grown step by
        // step were the largest allocation of the passes around the walk: benchmarks/README.md, item 20).
        private readonly Dictionary<MethodSummary, Callers> callers;

        private sealed class Callers
        {
            public int Count;
            public (CallSite Call, MethodSummary Caller)[] Items = None;
        }

        private readonly Dictionary<MethodSummary, IReadOnlyList<MethodSummary>[]> callees;

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public CallGraph(IReadOnlyList<MethodSummary> summaries, ICallResolver calls, System.Threading.CancellationToken ct)
        {
            this.calls = calls;
            callees = new Dictionary<MethodSummary, IReadOnlyList<MethodSummary>[]>(summaries.Count);
            callers = new Dictionary<MethodSummary, Callers>(summaries.Count);
            for (int k = 0; k < summaries.Count; k++)
            {
                ct.ThrowIfCancellationRequested();
                var targets = CalleesOf(summaries[k]);
                for (int i = 0; i < targets.Length; i++)
                    for (int t = 0; t < targets[i].Count; t++)
                    {
                        if (!callers.TryGetValue(targets[i][t], out var found)) callers[targets[i][t]] = found = new Callers();
                        found.Count++;
                    }
            }
            for (int k = 0; k < summaries.Count; k++)
            {
                var s = summaries[k];
                var targets = callees[s];
                for (int i = 0; i < targets.Length; i++)
                    for (int t = 0; t < targets[i].Count; t++)
                    {
                        var found = callers[targets[i][t]];
                        if (found.Items.Length == 0) { found.Items = new (CallSite, MethodSummary)[found.Count]; found.Count = 0; }
                        found.Items[found.Count++] = (s.Calls[i], s);
                    }
            }
        }

        /// <summary>What each of the method's calls (<see cref="MethodSummary.Calls"/>, by position) may run.</summary>
        public IReadOnlyList<MethodSummary>[] CalleesOf(MethodSummary method)
        {
            if (callees.TryGetValue(method, out var known)) return known;
            var targets = method.Calls.Length == 0 ? NoCalls : new IReadOnlyList<MethodSummary>[method.Calls.Length];
            for (int i = 0; i < targets.Length; i++) targets[i] = calls.Resolve(method.Calls[i].Target);
            callees[method] = targets;
            return targets;
        }

        /// <summary>Every call that reaches the method, with the method it is in; empty when nothing here calls it.</summary>
        public IReadOnlyList<(CallSite Call, MethodSummary Caller)> CallersOf(MethodSummary callee) =>
            callers.TryGetValue(callee, out var found) ? found.Items : None;

        /// <summary>
        /// The same, by the method's symbol (a parameter's callers: <see cref="LockResolver"/>),
        /// through one of its summaries: they share their callers.
        /// </summary>
        public IReadOnlyList<(CallSite Call, MethodSummary Caller)> CallersOf(IMethodSymbol callee) =>
            calls.Summary(callee) is MethodSummary summary ? CallersOf(summary) : None;

        /// <summary>Whether anything here calls the method.</summary>
        public bool IsCalled(MethodSummary method) => callers.ContainsKey(method);
    }
}
