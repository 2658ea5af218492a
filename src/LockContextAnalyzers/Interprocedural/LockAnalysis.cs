using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// The whole-compilation judgement: walks the call graph from every entry (registrations,
    /// context attributes, methods nothing calls) carrying context, bh/irq state and lock bindings
    /// into callees, and gives lock classes their usage marks as lockdep would.
    /// </summary>
    internal sealed partial class LockAnalysis
    {
        /// <summary>Distinct entry states kept per method; past it, further states are dropped (silence, not guesses).</summary>
        public const int MaxStatesPerMethod = 24;

        /// <summary>Visits in all; a bound on pathological graphs.</summary>
        public const int MaxVisits = 500_000;

        private readonly IReadOnlyList<MethodSummary> summaries;
        private readonly ICallResolver calls;
        // Per method (by its position in the graph; entries of referenced libraries, which have
        // none, in the map), the states it was entered with: the one state most methods ever see,
        // or a list of up to MaxStatesPerMethod (a set per method was a fifth of the walk's allocation).
        private readonly object?[] seenStates;
        private readonly Dictionary<MethodSummary, object> seenOutside = new Dictionary<MethodSummary, object>();
        private readonly Queue<CallPath> work = new Queue<CallPath>();
        private readonly LockResolver locks;

        private LockAnalysis(IReadOnlyList<MethodSummary> summaries, ICallResolver calls, IReadOnlyDictionary<BodySymbol, List<LockRef>> localValues,
            CallGraph? graph, CancellationToken ct)
        {
            this.summaries = summaries;
            this.calls = calls;
            Graph = graph ?? new CallGraph(summaries, calls, ct);
            seenStates = new object?[Graph.Count];
            locks = new LockResolver(calls, localValues, Graph);
        }

        private SleepReachability sleepers = null!;
        private TransitiveAcquisitions deeper = null!;

        public UsageMarks Marks { get; } = new UsageMarks();

        /// <summary>Bottom halves enabled in hardirq context or with hardirqs off, one per site (first way found).</summary>
        public List<BhInIrqOff> BhInIrqOff { get; } = new List<BhInIrqOff>();

        private readonly HashSet<Location> bhInIrqOffSites = new HashSet<Location>();

        /// <summary>Every lock class that some acquisition resolved to, in discovery order.</summary>
        public List<LockClass> Classes { get; } = new List<LockClass>();

        public CallGraph Graph { get; }

        /// <summary>True when a bound cut the walk short; findings are then a subset.</summary>
        public bool Truncated { get; private set; }

        public int VisitCount { get; private set; }

        /// <summary>Methods the walk starts from: registered callbacks, attributed methods, methods nothing calls.</summary>
        public HashSet<MethodSummary> Entries { get; } = new HashSet<MethodSummary>();

        public IReadOnlyList<MethodSummary> Summaries => summaries;

        public LockResolver Locks => locks;

        /// <summary>The call graph the walk asked (for what is computed after it: the library facts).</summary>
        public ICallResolver Calls => calls;

        /// <param name="graph">The call graph of these summaries, when one was made already (<see cref="Incremental.IndexPatch"/>).</param>
        public static LockAnalysis Run(IReadOnlyList<MethodSummary> summaries, ICallResolver calls,
            IReadOnlyDictionary<BodySymbol, List<LockRef>> localValues, AnalysisOptions options, CancellationToken cancellationToken, CallGraph? graph = null)
        {
            var analysis = new LockAnalysis(summaries, calls, localValues, graph, cancellationToken);
            analysis.Walk(options, cancellationToken);
            return analysis;
        }

        public ImmutableArray<LockClass> ClassesOf(Acquisition acquisition, CallPath path) => locks.Resolve(acquisition.Lock, path);

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void Walk(AnalysisOptions options, CancellationToken ct)
        {
            // The passes before the walk: the largest, every method's transitive acquisitions, on
            // another thread beside the others. It alone asks the lock resolver and only reads the
            // index and the graph, which the others only read too, but for the callbacks they
            // resolve (caches it never touches). Every analysis of a fact-changing edit runs them
            // all (benchmarks/README.md, item 32).
            var waited = FindWaitedCallbacks(ct);
            var transitive = new Beside<TransitiveAcquisitions>(() => new TransitiveAcquisitions(summaries, Graph, locks, ct, Callbacks(waited)), ct);
            sleepers = new SleepReachability(summaries, Graph, ct);
            calleeReenables = new CalleeReenables(Graph);
            CheckRegisteredAttributes(options, ct);
            var found = EntryPoints.Find(summaries, calls, Graph, options);
            deeper = transitive.Result();
            foreach (var entry in found)
            {
                ct.ThrowIfCancellationRequested();
                Entries.Add(entry.Method);
                Enqueue(entry.Method, new CallState(entry.Context.Kind, false, false, default), entry, null, null);
            }
            Drain(ct);

            // Methods that only call each other (a cycle nothing enters) are still driver code that
            // runs somewhere: treat the first of each such group as an ordinary process-context entry.
            if (options.UncalledAreProcess)
                foreach (var s in summaries)
                {
                    if (Seen(s) != null || s.ImportedFrom != null) continue;
                    var entry = new Entry(s, EntryPoints.Uncalled);
                    Enqueue(s, new CallState(ContextKind.Process, false, false, default), entry, null, null);
                    Drain(ct);
                }
            CallbacksHoldTheirMaps(waited, options, ct);
        }

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void Enqueue(MethodSummary method, CallState state, Entry entry, CallPath? parent, Location? site)
        {
            int k = Graph.OrdinalOf(method);
            var seen = Seen(method, k);
            var states = seen as List<CallState>;
            if (seen is CallState only ? only.Equals(state) : states != null && states.Contains(state)) return;
            if ((states?.Count ?? (seen == null ? 0 : 1)) >= MaxStatesPerMethod || VisitCount >= MaxVisits) { Truncated = true; return; }
            if (states != null) states.Add(state);
            else
            {
                object now = seen == null ? state : new List<CallState> { (CallState)seen, state };
                if (k >= 0) seenStates[k] = now; else seenOutside[method] = now;
            }
            VisitCount++;
            work.Enqueue(new CallPath(method, state, entry, parent, site));
        }

        private object? Seen(MethodSummary method) => Seen(method, Graph.OrdinalOf(method));

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private object? Seen(MethodSummary method, int ordinal) =>
            ordinal >= 0 ? seenStates[ordinal] : seenOutside.TryGetValue(method, out var seen) ? seen : null;

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void Drain(CancellationToken ct)
        {
            while (work.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                Process(work.Dequeue());
            }
        }

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void Process(CallPath path)
        {
            var state = path.State;
            var method = path.Method;

            foreach (var acq in method.Acquisitions)
            {
                if (acq.IsWait) continue; // a map, taken with irqs off by lockdep itself: no usage mark
                bool irqOff = state.IrqOff || acq.IrqOffAtAcquire;
                bool bhOff = state.BhOff || acq.BhOffAtAcquire;
                bool read = acq.Mode == LockMode.Read;
                if (acq.Variant == LockVariant.Bh && (state.MayIrqOff || acq.Before.MayIrqOff) && bhInIrqOffSites.Add(acq.Location))
                    BhInIrqOff.Add(new BhInIrqOff(acq.Location, acq.ApiName, acq, path));
                foreach (var c in ClassesOf(acq, path))
                {
                    Remember(c);
                    if (acq.Mode == LockMode.Sleeping || acq.IsContract) continue;
                    if (!acq.IsTry && state.Kind == ContextKind.Softirq) Mark(c, Interprocedural.Mark.InSoftirq, read, acq.Location, acq.ApiName, acq, path);
                    if (!acq.IsTry && state.Kind == ContextKind.Hardirq) Mark(c, Interprocedural.Mark.InHardirq, read, acq.Location, acq.ApiName, acq, path);
                    if (!irqOff) Mark(c, Interprocedural.Mark.HardirqOn, read, acq.Location, acq.ApiName, acq, path);
                    if (!irqOff && !bhOff) Mark(c, Interprocedural.Mark.SoftirqOn, read, acq.Location, acq.ApiName, acq, path);
                }
            }

            // lockdep marks every held lock when bh or irqs come back on with it held.
            foreach (var re in method.Reenables)
            {
                if (re.IsExplicit && (state.MayIrqOff || re.After.MayIrqOff) && bhInIrqOffSites.Add(re.Location))
                    BhInIrqOff.Add(new BhInIrqOff(re.Location, re.ApiName, null, path));
                bool irqOn = !state.IrqOff && !re.After.IrqOff;
                bool bhOn = !state.BhOff && !re.After.BhOff;
                if (!irqOn || (re.Bh && !bhOn)) continue;
                foreach (int held in re.After.Held)
                {
                    var acq = method.AcquisitionById(held);
                    if (acq == null || acq.Mode == LockMode.Sleeping) continue;
                    foreach (var c in ClassesOf(acq, path))
                    {
                        if (!re.Bh) Mark(c, Interprocedural.Mark.HardirqOn, acq.Mode == LockMode.Read, re.Location, re.ApiName, null, path);
                        if (bhOn) Mark(c, Interprocedural.Mark.SoftirqOn, acq.Mode == LockMode.Read, re.Location, re.ApiName, null, path);
                    }
                }
            }

            MarkHeldAcrossCalls(path);
            OrderAndSleep(path);
            DereferencesOutsideRcu(path);

            var callees = Graph.CalleesOf(method);
            for (int i = 0; i < callees.Length; i++)
            {
                var call = method.Calls[i];
                var targets = callees[i];
                if (targets.Count == 0) continue;
                var bindings = call.LockArguments.IsDefaultOrEmpty ? default : Bind(call, path);
                bool bhOff = state.BhOff || call.Before.BhOff, irqOff = state.IrqOff || call.Before.IrqOff;
                var atomic = state.AtomicReason ?? LocalAtomic(call.Before, path).Why?.In(method);
                bool mayIrqOff = state.MayIrqOff || call.Before.MayIrqOff, inRcu = state.InRcu || call.Before.InRcuEveryPath;
                // Most calls change nothing: the callee is entered in the caller's own state object.
                var next = bindings.IsDefault && state.Bindings.IsDefault && bhOff == state.BhOff && irqOff == state.IrqOff
                    && (mayIrqOff || irqOff) == state.MayIrqOff && inRcu == state.InRcu && ReferenceEquals(atomic, state.AtomicReason)
                    ? state
                    : new CallState(state.Kind, bhOff, irqOff, bindings, atomic, mayIrqOff, inRcu);
                for (int t = 0; t < targets.Count; t++) // by index: a foreach over the interface boxes an enumerator per call
                {
                    var target = targets[t];
                    // An attribute is the strongest source of context: the method is an entry of its
                    // own, and a call from another context only shows the attribute is wrong (LCA0009).
                    if (target.DeclaredContext is EntryContext declared)
                    {
                        if (Contradicts(declared.Kind, state.Kind, bhOff, irqOff))
                            AttributeContradictions.Add(new AttributeContradiction(target, declared, call.Location, path.Entry.Context, method, state.Kind, bhOff, irqOff));
                        continue;
                    }
                    Enqueue(target, next, path.Entry, path, call.Location);
                }
            }
        }

        // Apart from Process, so that its lambda's closure is made only for a call that passes locks.
        private ImmutableArray<ImmutableArray<LockClass>> Bind(CallSite call, CallPath path) =>
            call.LockArguments.Select(a => locks.Resolve(a, path)).ToImmutableArray();

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void Mark(LockClass c, Mark mark, bool read, Location site, string api, Acquisition? acq, CallPath path)
        {
            // Most visits re-mark a site already kept: ask before making the witness.
            if (!Marks.Has(c, mark, read, site, path)) Marks.Add(new MarkWitness(c, mark, read, site, api, acq, path));
        }

        private readonly HashSet<int> known = new HashSet<int>();

        private void Remember(LockClass c)
        {
            if (known.Add(c.Id)) Classes.Add(c);
        }
    }
}
