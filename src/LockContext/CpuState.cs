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
        public TaskStruct? Task;

        public bool InAtomic =>
            Context != KernelContext.Process || BhDisableDepth > 0 || IrqsDisabled
            || RcuReadDepth > 0 || HeldSpinning.Count > 0;

        /// <summary>Runs <paramref name="body"/> as this thread entering the given context, then restores.</summary>
        public static T RunIn<T>(KernelContext context, SoftirqVector vector, Func<T> body)
        {
            var cpu = Current;
            var saved = (cpu.Context, cpu.Vector, cpu.IrqsDisabled, cpu.BhDisableDepth);
            cpu.Context = context;
            cpu.Vector = vector;
            if (context == KernelContext.Hardirq) cpu.IrqsDisabled = true;
            try
            {
                return body();
            }
            finally
            {
                cpu.Context = saved.Context;
                cpu.Vector = saved.Vector;
                cpu.IrqsDisabled = saved.IrqsDisabled;
                cpu.BhDisableDepth = saved.BhDisableDepth;
            }
        }

        public void Hold(object l) => HeldSpinning.Add(l);

        public void Drop(object l, string name)
        {
            int i = HeldSpinning.LastIndexOf(l);
            if (i < 0) throw new KernelBugException($"BUG: {name} released but not held by this CPU");
            HeldSpinning.RemoveAt(i);
        }
    }
}
