using LockContext.Words;

namespace LockContext
{
    /// <summary>What lockdep-RCU and lockdep's held-lock assertions check at run time: LCA0011 and LCA0010.</summary>
    internal static partial class LockdepValidator
    {
        /// <summary>An RCU pointer dereferenced outside its read-side section (lockdep's "suspicious rcu_dereference_check() usage").</summary>
        public static void OutsideRcu(LockSite pointer, string api, bool bh)
        {
            var cpu = CpuState.Current;
            if (cpu.Dead) return;
            var trace = StackWalk.Capture();
            Report(RuleWords.RcuDereferenceOutsideReadSide + ":", LockdepText.OutsideRcu(pointer.Name(trace), api, bh, new Witness(api, trace, Describe(cpu), false)));
        }

        /// <summary>
        /// A lock that must be held is not held by this CPU: an update or protected read of an RCU
        /// pointer, or a <c>LockdepAssertHeld*</c>.
        /// </summary>
        public static void NotHeld(object @lock, LockSite? pointer, string api)
        {
            var cpu = CpuState.Current;
            if (cpu.Dead) return;
            var trace = StackWalk.Capture();
            var site = @lock switch
            {
                Spinlock s => ((ISpinning)s).Site,
                Rwlock r => r.Site,
                KernelMutex m => m.Site,
                _ => null,
            };
            string name = site?.Class(trace).Name ?? "an unknown lock";
            Report(RuleWords.LockNotHeld + ":", LockdepText.MustHold(api, name, pointer?.Name(trace), exclusive: api == nameof(Kernel.LockdepAssertHeldWrite) || api == nameof(Kernel.RcuReplacePointer),
                new Witness(api, trace, Describe(cpu), false)));
        }
    }
}
