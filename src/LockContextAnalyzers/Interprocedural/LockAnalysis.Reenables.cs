using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>Locks held across a call that turns bh or irqs back on: lockdep marks them where the callee does it.</summary>
    internal sealed partial class LockAnalysis
    {
        private CalleeReenables calleeReenables = null!;

        /// <summary>
        /// A lock taken with irqs (bh) off, still held when a callee turns them on, gets HARDIRQ-ON
        /// (SOFTIRQ-ON) at the callee's re-enable. A lock taken with them on already has the mark at
        /// its own acquisition. A bh enable counts only where the caller's own disable is the one it
        /// undoes (nothing inherited from further out).
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void MarkHeldAcrossCalls(CallPath path)
        {
            var state = path.State;
            if (state.Kind == ContextKind.Hardirq || !path.Method.HasCallsWithLockHeld) return;
            var callees = Graph.CalleesOf(path.Method);
            for (int i = 0; i < callees.Length; i++)
            {
                var call = path.Method.Calls[i];
                if (call.Before.Held.IsEmpty) continue;
                var targets = callees[i];
                for (int t = 0; t < targets.Count; t++)
                {
                    var callee = targets[t];
                    foreach (var re in calleeReenables.Of(callee))
                    {
                        bool irqsOn = !re.Bh;
                        bool bhOn = re.Bh
                            ? state.Kind == ContextKind.Process && !state.BhOff && call.Before.BhOff && !state.IrqOff && !call.Before.IrqOff
                            : state.Kind == ContextKind.Process && !state.BhOff && !call.Before.BhOff && !re.After.BhOff;
                        if (!irqsOn && !bhOn) continue;
                        string? via = null; // written out once a mark is new: most are already kept
                        foreach (int held in call.Before.Held)
                        {
                            if (!(path.Method.AcquisitionById(held) is Acquisition acq) || acq.Mode == LockMode.Sleeping || acq.IsContract) continue;
                            bool irqOffAtAcquire = state.IrqOff || acq.IrqOffAtAcquire, bhOffAtAcquire = state.BhOff || acq.BhOffAtAcquire;
                            bool read = acq.Mode == LockMode.Read;
                            foreach (var c in ClassesOf(acq, path))
                            {
                                if (irqsOn && irqOffAtAcquire) MarkFrom(c, Interprocedural.Mark.HardirqOn, read, re, acq, callee, ref via, path, call.Location);
                                if (bhOn && (irqOffAtAcquire || bhOffAtAcquire)) MarkFrom(c, Interprocedural.Mark.SoftirqOn, read, re, acq, callee, ref via, path, call.Location);
                            }
                        }
                    }
                }
            }
        }

        private void MarkFrom(LockClass c, Mark mark, bool read, Reenable re, Acquisition holder, MethodSummary callee, ref string? via, CallPath path, Location call)
        {
            if (Marks.Has(c, mark, read, re.Location, path)) return;
            via ??= calleeReenables.Chain(callee, re);
            Marks.Add(new MarkWitness(c, mark, read, re.Location, re.ApiName, null, path, holder.Location, via, call));
        }
    }
}
