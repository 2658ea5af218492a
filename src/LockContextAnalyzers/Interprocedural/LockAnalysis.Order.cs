using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>Lock order, recursion and sleeping: what a call path adds beyond usage marks.</summary>
    internal sealed partial class LockAnalysis
    {
        private readonly HashSet<(int From, int To, Location Site)> edgeKeys = new HashSet<(int, int, Location)>();
        private readonly HashSet<Location> sleepSites = new HashSet<Location>();

        /// <summary>lockdep's dependency graph: every (held class, taken class, site) seen, in discovery order.</summary>
        public List<LockEdge> Edges { get; } = new List<LockEdge>();

        public List<SleepInAtomic> SleepsInAtomic { get; } = new List<SleepInAtomic>();

        public List<AttributeContradiction> AttributeContradictions { get; } = new List<AttributeContradiction>();

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void OrderAndSleep(CallPath path)
        {
            var method = path.Method;
            foreach (var acq in method.Acquisitions)
            {
                if (acq.IsTry || acq.IsContract) continue;
                if (acq.Before.MustHeld.IsDefaultOrEmpty) continue; // nothing held: no edge, and no iterator made
                var taken = ClassesOf(acq, path);
                foreach (var holder in Holders(acq.Before, path))
                    foreach (var c in taken)
                        AddEdge(holder.Class, c, acq.Location, holder.Acquisition, acq.Mode == LockMode.Read, null, path, null);
            }

            var callees = Graph.CalleesOf(method);
            System.Func<LockRef?, System.Collections.Immutable.ImmutableArray<LockClass>>? passedHere = null;
            for (int i = 0; i < callees.Length; i++)
            {
                var call = method.Calls[i];
                var holders = call.Before.MustHeld.IsDefaultOrEmpty ? NoHolders : Holders(call.Before, path).ToList();
                // The locks a call passes, in this path (made once per visit, and only where a lock is held).
                if (holders.Count > 0) passedHere ??= PassedIn(path);
                var targets = callees[i];
                for (int t = 0; t < targets.Count; t++)
                {
                    var callee = targets[t];
                    foreach (var h in holders)
                        foreach (var (c, taken) in deeper.Of(callee, call, passedHere!))
                            AddEdge(h.Class, c, taken.Location, h.Acquisition, taken.Mode == LockMode.Read, callee, path, call.Location);
                    if (callee.DeclaredContext == null && sleepers.MaySleep(callee))
                        SleepAt(call.Location, callee.DisplayName, callee, call.Before, path);
                }
            }

            foreach (var sleep in method.Sleeps)
                SleepAt(sleep.Location, sleep.ApiName, null, sleep.Before, path);
        }

        // Apart from OrderAndSleep, so that the closure is made only where a call is made with a lock held.
        private System.Func<LockRef?, System.Collections.Immutable.ImmutableArray<LockClass>> PassedIn(CallPath path) =>
            passed => locks.Resolve(passed, path);

        private static readonly List<(LockClass Class, Acquisition Acquisition)> NoHolders = new List<(LockClass, Acquisition)>();

        private IEnumerable<(LockClass Class, Acquisition Acquisition)> Holders(LocalState before, CallPath path)
        {
            foreach (int id in before.MustHeld)
                if (path.Method.AcquisitionById(id) is Acquisition held)
                    foreach (var c in ClassesOf(held, path))
                        yield return (c, held);
        }

        /// <summary>Records an edge once per (from, to, site); the call chain is written out only then.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void AddEdge(LockClass from, LockClass to, Location site, Acquisition holder, bool toRead, MethodSummary? throughCallee, CallPath path, Location? call)
        {
            if (edgeKeys.Add((from.Id, to.Id, site)))
                Edges.Add(new LockEdge(from, to, site, holder.Location, holder.Mode == LockMode.Read, toRead,
                    throughCallee == null ? "" : deeper.Chain(throughCallee, to, site), path, call));
        }

        /// <summary>
        /// A call that may sleep. Reported where the atomic region is made: in this method (a lock
        /// held, bh or irqs off, an RCU section), or in the entry whose context is atomic. A callee
        /// entered atomic from its caller is not reported again: the caller's call already was.
        /// </summary>
        private void SleepAt(Location site, string sleeper, MethodSummary? callee, LocalState before, CallPath path)
        {
            var (why, since) = LocalAtomic(before, path);
            if (why == null && path.Parent == null && path.State.AtomicReason is AtomicCause context)
                why = context.From(path.Entry.Context);
            if (why == null || !sleepSites.Add(site)) return;
            // The chain is written out only for a finding: most calls to sleepers are not atomic.
            string chain = callee == null ? sleeper : sleepers.ChainOf(callee) ?? sleeper;
            SleepsInAtomic.Add(new SleepInAtomic(site, sleeper, chain, why, path, since, callee));
        }

        /// <summary>Why a point is atomic by what this method did (not its context), and where that began.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private (AtomicCause? Why, Location? Since) LocalAtomic(LocalState before, CallPath path)
        {
            foreach (int id in before.Held)
                if (path.Method.AcquisitionById(id) is Acquisition held && held.Mode != LockMode.Sleeping)
                {
                    var classes = ClassesOf(held, path);
                    return (new AtomicCause(AtomicKind.SpinlockHeld, classes.IsEmpty ? held.ApiName : classes[0].Name), held.Location);
                }
            if (before.IrqOff) return (IrqsOff, null);
            if (before.BhOff) return (BhOff, null);
            if (before.InRcu) return (InRcu, null);
            return (null, null);
        }

        // Asked at every call of every visit; the causes without a lock are the same object each time.
        private static readonly AtomicCause IrqsOff = new AtomicCause(AtomicKind.HardirqsOff);
        private static readonly AtomicCause BhOff = new AtomicCause(AtomicKind.BhOff);
        private static readonly AtomicCause InRcu = new AtomicCause(AtomicKind.RcuReadSide);

        /// <summary>Whether reaching a method attributed <paramref name="declared"/> this way contradicts the attribute.</summary>
        private static bool Contradicts(ContextKind declared, ContextKind actual, bool bhOff, bool irqOff) => declared switch
        {
            ContextKind.Process => actual != ContextKind.Process || bhOff || irqOff,
            ContextKind.Softirq => actual == ContextKind.Hardirq || (actual == ContextKind.Process && !bhOff),
            _ => actual != ContextKind.Hardirq && !irqOff,
        };

        /// <summary>An attributed method handed to a registration whose context contradicts the attribute.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void CheckRegisteredAttributes(AnalysisOptions options, System.Threading.CancellationToken ct)
        {
            foreach (var s in summaries)
                for (int r = 0; r < s.Registrations.Length; r++)
                {
                    ct.ThrowIfCancellationRequested();
                    var reg = s.Registrations[r];
                    foreach (var callback in Graph.CallbacksOf(s, r))
                    {
                        if (callback.DeclaredContext is not EntryContext declared) continue;
                        foreach (var context in EntryPoints.ContextsOf(reg, calls.HrtimerMode(reg), options))
                            if (context.Alternatives == null
                                && Contradicts(declared.Kind, context.Kind, context.Kind != ContextKind.Process, context.Kind == ContextKind.Hardirq))
                                AttributeContradictions.Add(new AttributeContradiction(callback, declared, reg.Location, context));
                    }
                }
        }
    }
}
