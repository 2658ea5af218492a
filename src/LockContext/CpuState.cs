using System;
using System.Collections.Generic;

namespace LockContext
{
    /// <summary>
    /// What one thread ("CPU" in the model) is doing: its context, softirq vector, how deep bottom
    /// halves are disabled, whether hardirqs are off, its RCU read-side depth and the spinning locks
    /// it holds. Thread-static, because in the kernel this state is per CPU and a task does not
    /// migrate while it is atomic.
    /// </summary>
    internal sealed class CpuState
    {
        [ThreadStatic] private static CpuState? current;

        public static CpuState Current => current ??= new CpuState();

        public KernelContext Context = KernelContext.Process;
        public SoftirqVector Vector;
        public int BhDisableDepth;
        public bool IrqsDisabled;
        public int RcuReadDepth;
        public long RcuSectionStart;
        public readonly List<object> HeldSpinning = new List<object>();
        public readonly List<KernelMutex> HeldMutexes = new List<KernelMutex>();

        /// <summary>What the run-time validator knows this CPU holds (kept only while it is on).</summary>
        public readonly List<HeldLock> LockdepHeld = new List<HeldLock>();

        public TaskStruct? Task;

        /// <summary>How many callbacks or thread functions this thread is running (RunIn nests).</summary>
        public int EntryDepth;

        /// <summary>An oops happened in the running callback: until it unwinds, the validator looks away.</summary>
        public bool Dead;

        public void Oopsed()
        {
            if (EntryDepth > 0) Dead = true;
        }

        public bool InAtomic =>
            Context != KernelContext.Process || BhDisableDepth > 0 || IrqsDisabled
            || RcuReadDepth > 0 || HeldSpinning.Count > 0;

        /// <summary>
        /// Runs <paramref name="body"/> as this thread entering the given context, then restores.
        /// A callback that returns holding a lock it took is reported (LCA0008) while the validator
        /// is on, and one that throws is an oops: either way the CPU then drops what the callback held.
        /// </summary>
        public static T RunIn<T>(KernelContext context, SoftirqVector vector, Func<T> body)
        {
            var cpu = Current;
            var saved = (cpu.Context, cpu.Vector, cpu.IrqsDisabled, cpu.BhDisableDepth, cpu.RcuReadDepth);
            var held = (cpu.HeldSpinning.Count, cpu.HeldMutexes.Count, cpu.LockdepHeld.Count);
            cpu.Context = context;
            cpu.Vector = vector;
            if (context == KernelContext.Hardirq) cpu.IrqsDisabled = true;
            cpu.EntryDepth++;
            bool returned = false;
            try
            {
                var result = body();
                returned = true;
                return result;
            }
            finally
            {
                // Reported, then dropped like an oops's locks: one bad callback must not hang the rest of a run.
                bool leftOpen = returned && Lockdep.IsEnabled && cpu.LockdepHeld.Count > held.Item3;
                if (leftOpen) LockdepValidator.LeftOpen(cpu, held.Item3);
                if (!returned || leftOpen) cpu.CleanUpAfterOops(held.Item1, held.Item2, saved.RcuReadDepth);
                if (--cpu.EntryDepth == 0) cpu.Dead = false;
                cpu.Context = saved.Context;
                cpu.Vector = saved.Vector;
                cpu.IrqsDisabled = saved.IrqsDisabled;
                cpu.BhDisableDepth = saved.BhDisableDepth;
            }
        }

        /// <summary>
        /// After an oops (a BUG the model threw in a callback or thread): drops the locks and RCU
        /// section the dead code left, as the kernel would have to for the rest of a test to run.
        /// </summary>
        public void CleanUpAfterOops(int spinningAtEntry, int mutexesAtEntry, int rcuDepthAtEntry)
        {
            for (int i = HeldSpinning.Count - 1; i >= spinningAtEntry; i--)
            {
                ((ISpinning)HeldSpinning[i]).ForceRelease();
                HeldSpinning.RemoveAt(i);
            }
            for (int i = HeldMutexes.Count - 1; i >= mutexesAtEntry; i--)
            {
                HeldMutexes[i].ForceRelease();
                HeldMutexes.RemoveAt(i);
            }
            if (RcuReadDepth > rcuDepthAtEntry)
            {
                if (rcuDepthAtEntry == 0) RcuState.CloseSection(RcuSectionStart);
                RcuReadDepth = rcuDepthAtEntry;
            }
            LockdepHeld.RemoveAll(h => !HeldSpinning.Contains(h.Instance) && !(h.Instance is KernelMutex m && HeldMutexes.Contains(m)));
        }

        public void Hold(object l) => HeldSpinning.Add(l);

        public void Drop(object l, string name)
        {
            int i = HeldSpinning.LastIndexOf(l);
            if (i < 0) throw KernelBugException.Raise($"BUG: {name} released but not held by this CPU");
            HeldSpinning.RemoveAt(i);
        }
    }
}
