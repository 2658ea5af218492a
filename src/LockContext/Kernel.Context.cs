using System.Threading;

namespace LockContext
{
    /// <summary>
    /// The kernel's API, under the kernel's names in PascalCase. Use it with
    /// <c>using static LockContext.Kernel;</c> so that calls read as they do in kernel C.
    /// </summary>
    public static partial class Kernel
    {
        /// <summary>The context the calling thread runs in.</summary>
        public static KernelContext CurrentContext() => CpuState.Current.Context;

        /// <summary>The softirq vector being served, or null outside softirq context.</summary>
        public static SoftirqVector? CurrentSoftirqVector()
        {
            var cpu = CpuState.Current;
            return cpu.Context == KernelContext.Softirq ? cpu.Vector : (SoftirqVector?)null;
        }

        /// <summary><c>in_serving_softirq()</c>: a softirq handler is running on this CPU.</summary>
        public static bool InServingSoftirq() => CpuState.Current.Context == KernelContext.Softirq;

        /// <summary><c>in_softirq()</c>: serving a softirq, or bottom halves disabled (the kernel's meaning).</summary>
        public static bool InSoftirq()
        {
            var cpu = CpuState.Current;
            return cpu.Context == KernelContext.Softirq || cpu.BhDisableDepth > 0;
        }

        /// <summary><c>in_hardirq()</c>.</summary>
        public static bool InHardirq() => CpuState.Current.Context == KernelContext.Hardirq;

        /// <summary><c>in_interrupt()</c>: hardirq, softirq, or bottom halves disabled.</summary>
        public static bool InInterrupt() => InHardirq() || InSoftirq();

        /// <summary><c>in_task()</c>: process context.</summary>
        public static bool InTask() => CpuState.Current.Context == KernelContext.Process;

        /// <summary><c>irqs_disabled()</c>.</summary>
        public static bool IrqsDisabled() => CpuState.Current.IrqsDisabled;

        /// <summary>True where the kernel forbids sleeping.</summary>
        public static bool InAtomic() => CpuState.Current.InAtomic;

        /// <summary><c>local_bh_disable()</c>: softirqs cannot run on this CPU until the matching enable.</summary>
        public static void LocalBhDisable() => CpuState.Current.BhDisableDepth++;

        /// <summary><c>local_bh_enable()</c>. From hardirq context or with irqs off this is a kernel WARN.</summary>
        public static void LocalBhEnable() => EnableBh(nameof(LocalBhEnable), byCode: true);

        // byCode: the code called LocalBhEnable itself (a _bh unlock's enable is its acquisition's finding).
        private static void EnableBh(string api, bool byCode)
        {
            var cpu = CpuState.Current;
            if (cpu.Context == KernelContext.Hardirq || cpu.IrqsDisabled)
            {
                // The validator reports it and the model goes on, as the kernel does after its WARN.
                if (byCode && Lockdep.IsEnabled) LockdepValidator.BhEnableWithIrqsOff(cpu);
                else throw KernelBugException.Raise("WARN: local_bh_enable() called in hardirq context or with irqs disabled (__local_bh_enable_ip)");
            }
            if (cpu.BhDisableDepth == 0)
                throw KernelBugException.Raise("BUG: local_bh_enable() without local_bh_disable()");
            cpu.BhDisableDepth--;
            if (cpu.BhDisableDepth == 0 && Lockdep.IsEnabled) LockdepValidator.Reenabled(api, irqs: false);
        }

        /// <summary><c>local_irq_disable()</c>.</summary>
        public static void LocalIrqDisable() => CpuState.Current.IrqsDisabled = true;

        /// <summary><c>local_irq_enable()</c>.</summary>
        public static void LocalIrqEnable() => EnableIrqs(nameof(LocalIrqEnable));

        private static void EnableIrqs(string api)
        {
            var cpu = CpuState.Current;
            if (cpu.Context == KernelContext.Hardirq)
                throw KernelBugException.Raise("WARN: local_irq_enable() in hardirq context");
            bool wereOff = cpu.IrqsDisabled;
            cpu.IrqsDisabled = false;
            if (wereOff && Lockdep.IsEnabled) LockdepValidator.Reenabled(api, irqs: true);
        }

        /// <summary><c>local_irq_save()</c>: disables hardirqs and returns the previous state.</summary>
        public static IrqFlags LocalIrqSave()
        {
            var cpu = CpuState.Current;
            var flags = new IrqFlags(cpu.IrqsDisabled);
            cpu.IrqsDisabled = true;
            return flags;
        }

        /// <summary><c>local_irq_restore()</c>: puts back the state saved in <paramref name="flags"/>.</summary>
        public static void LocalIrqRestore(IrqFlags flags) => RestoreIrqs(flags, nameof(LocalIrqRestore));

        private static void RestoreIrqs(IrqFlags flags, string api)
        {
            if (!flags.IsValid) throw KernelBugException.Raise("BUG: local_irq_restore() with flags that were never saved");
            var cpu = CpuState.Current;
            bool reenabled = cpu.IrqsDisabled && !flags.IrqsWereDisabled;
            cpu.IrqsDisabled = flags.IrqsWereDisabled;
            if (reenabled && Lockdep.IsEnabled) LockdepValidator.Reenabled(api, irqs: true);
        }

        /// <summary><c>might_sleep()</c>: a BUG in atomic context.</summary>
        public static void MightSleep()
        {
            var cpu = CpuState.Current;
            if (!cpu.InAtomic) return;
            // The validator reports it and the model goes on, as the kernel does after its splat.
            if (Lockdep.IsEnabled) { LockdepValidator.SleepInAtomic(cpu); return; }
            throw KernelBugException.Raise(
                    $"BUG: sleeping function called from invalid context (context={cpu.Context}, bh-disabled={cpu.BhDisableDepth}, " +
                    $"irqs-disabled={cpu.IrqsDisabled}, rcu-read={cpu.RcuReadDepth}, spinlocks held={cpu.HeldSpinning.Count})");
        }

        /// <summary><c>msleep()</c>: sleeps; may not be called in atomic context.</summary>
        public static void Msleep(int milliseconds)
        {
            MightSleep();
            Thread.Sleep(milliseconds < 0 ? 0 : milliseconds);
        }
    }

    /// <summary>The saved hardirq state of <c>local_irq_save</c> / <c>spin_lock_irqsave</c>.</summary>
    public readonly struct IrqFlags
    {
        private readonly byte state; // 0: default (never saved), 1: irqs were on, 2: irqs were off

        internal IrqFlags(bool irqsWereDisabled) { state = irqsWereDisabled ? (byte)2 : (byte)1; }

        internal bool IsValid => state != 0;

        /// <summary>Whether hardirqs were already disabled when these flags were saved.</summary>
        public bool IrqsWereDisabled => state == 2;
    }
}
