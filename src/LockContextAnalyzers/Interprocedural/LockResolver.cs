using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// Turns a <see cref="LockRef"/> into lock classes. Parameters take the classes their caller
    /// passed in this call path; where the caller is unknown (a lambda capturing its enclosing method's
    /// parameter), every caller's argument, context-insensitively.
    /// </summary>
    internal sealed class LockResolver
    {
        private const int MaxDepth = 16;
        private readonly ICallResolver calls;
        private readonly IReadOnlyDictionary<BodySymbol, List<LockRef>> localValues;
        private readonly CallGraph graph;
        private readonly Dictionary<object, ImmutableArray<LockClass>> parameterMemo =
            new Dictionary<object, ImmutableArray<LockClass>>(BodySymbol.Comparer.Default);

        public LockResolver(ICallResolver calls, IReadOnlyDictionary<BodySymbol, List<LockRef>> localValues,
            CallGraph graph)
        {
            this.calls = calls;
            this.localValues = localValues;
            this.graph = graph;
        }

        public ImmutableArray<LockClass> Resolve(LockRef? r, CallPath? path) => Resolve(r, path, 0);

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private ImmutableArray<LockClass> Resolve(LockRef? r, CallPath? path, int depth)
        {
            if (r == null || depth > MaxDepth) return ImmutableArray<LockClass>.Empty;
            switch (r)
            {
                case LockRef.Member m:
                    return m.Class.Alone;
                case LockRef.Created c:
                    return c.Class.Alone;
                case LockRef.Parameter p:
                    if (path != null && p.Of(path.Method)
                        && !path.State.Bindings.IsDefault && p.Ordinal < path.State.Bindings.Length)
                        return path.State.Bindings[p.Ordinal];
                    return AllCallersPass(p, depth);
                default:
                    return Combined(r, path, depth);
            }
        }

        // The references made of others. Apart from Resolve, so that the lambdas' closure is made
        // only for them: Resolve is asked at every acquisition of every visit.
        private ImmutableArray<LockClass> Combined(LockRef r, CallPath? path, int depth)
        {
            switch (r)
            {
                case LockRef.Local l:
                    return localValues.TryGetValue(l.Symbol, out var values)
                        ? Union(values.Select(v => Resolve(v, path, depth + 1)))
                        : ImmutableArray<LockClass>.Empty;
                case LockRef.Returned ret:
                    var summary = ret.Body ?? calls.Summary(ret.Method!);
                    return summary == null
                        ? ImmutableArray<LockClass>.Empty
                        : Union(summary.ReturnedLocks.Select(v => Resolve(v, null, depth + 1)));
                case LockRef.Either e:
                    return Union(e.Options.Select(o => Resolve(o, path, depth + 1)));
                default:
                    return ImmutableArray<LockClass>.Empty;
            }
        }

        private ImmutableArray<LockClass> AllCallersPass(LockRef.Parameter parameter, int depth)
        {
            var key = parameter.Symbol;
            if (parameterMemo.TryGetValue(key, out var memo)) return memo;
            parameterMemo[key] = ImmutableArray<LockClass>.Empty; // cycle guard: recursion sees nothing yet
            var callers = key switch
            {
                BodySymbol { Owner: MethodSummary owner } => graph.CallersOf(owner),
                IParameterSymbol { ContainingSymbol: IMethodSymbol method } => graph.CallersOf(method),
                _ => null,
            };
            int ordinal = parameter.Ordinal;
            var result = callers == null ? ImmutableArray<LockClass>.Empty
                : Union(callers.Where(s => ordinal < s.Call.LockArguments.Length).Select(s => Resolve(s.Call.LockArguments[ordinal], null, depth + 1)));
            parameterMemo[key] = result;
            return result;
        }

        internal static ImmutableArray<LockClass> Union(IEnumerable<ImmutableArray<LockClass>> parts)
        {
            ImmutableArray<LockClass>.Builder? builder = null;
            ImmutableArray<LockClass> single = ImmutableArray<LockClass>.Empty;
            foreach (var part in parts)
            {
                if (part.IsDefaultOrEmpty) continue;
                if (builder == null && single.IsEmpty) { single = part; continue; }
                builder ??= single.ToBuilder();
                foreach (var c in part) if (!builder.Contains(c)) builder.Add(c);
            }
            return builder?.ToImmutable() ?? single;
        }
    }
}
