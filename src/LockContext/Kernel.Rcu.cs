namespace LockContext
{
    /// <summary>RCU-protected pointers and lockdep's held-lock assertions (the kernel's context analysis).</summary>
    public static partial class Kernel
    {
        /// <summary><c>rcu_dereference(p)</c>: only inside <c>RcuReadLock</c>/<c>Guard.RcuRead</c>.</summary>
        public static T? RcuDereference<T>(RcuPointer<T> p) where T : class
        {
            if (Lockdep.IsEnabled && CpuState.Current.RcuReadDepth == 0) LockdepValidator.OutsideRcu(p.Site, nameof(RcuDereference), bh: false);
            return p.Load();
        }

        /// <summary><c>rcu_dereference_bh(p)</c>: inside <c>RcuReadLockBh</c>, or with bottom halves or irqs disabled (softirq context counts).</summary>
        public static T? RcuDereferenceBh<T>(RcuPointer<T> p) where T : class
        {
            if (Lockdep.IsEnabled && !BhReadSide(CpuState.Current)) LockdepValidator.OutsideRcu(p.Site, nameof(RcuDereferenceBh), bh: true);
            return p.Load();
        }

        /// <summary><c>rcu_dereference_protected(p, lockdep_is_held(&amp;l))</c>: the update side, with its lock held.</summary>
        public static T? RcuDereferenceProtected<T>(RcuPointer<T> p, object updateLock) where T : class
        {
            if (Lockdep.IsEnabled && !HeldHere(updateLock, exclusive: false)) LockdepValidator.NotHeld(updateLock, p.Site, nameof(RcuDereferenceProtected));
            return p.Load();
        }

        /// <summary><c>rcu_access_pointer(p)</c>: the value, to compare or test, never to follow; allowed anywhere.</summary>
        public static T? RcuAccessPointer<T>(RcuPointer<T> p) where T : class => p.Load();

        /// <summary><c>rcu_assign_pointer(p, v)</c>: publishes <paramref name="value"/>, fully built, to readers.</summary>
        public static void RcuAssignPointer<T>(RcuPointer<T> p, T? value) where T : class => p.Publish(value);

        /// <summary><c>rcu_replace_pointer(p, v, c)</c>: publishes <paramref name="value"/> and returns the old object (free it after a grace period).</summary>
        public static T? RcuReplacePointer<T>(RcuPointer<T> p, T? value, object updateLock) where T : class
        {
            if (Lockdep.IsEnabled && !HeldHere(updateLock, exclusive: true)) LockdepValidator.NotHeld(updateLock, p.Site, nameof(RcuReplacePointer));
            return p.Exchange(value);
        }

        /// <summary><c>lockdep_assert_held(&amp;l)</c>: with the validator on, a report when this CPU does not hold <paramref name="lock"/>.</summary>
        public static void LockdepAssertHeld(object @lock)
        {
            if (Lockdep.IsEnabled && !HeldHere(@lock, exclusive: false)) LockdepValidator.NotHeld(@lock, null, nameof(LockdepAssertHeld));
        }

        /// <summary><c>lockdep_assert_held_write(&amp;l)</c>: held for writing.</summary>
        public static void LockdepAssertHeldWrite(Rwlock @lock)
        {
            if (Lockdep.IsEnabled && !HeldHere(@lock, exclusive: true)) LockdepValidator.NotHeld(@lock, null, nameof(LockdepAssertHeldWrite));
        }

        /// <summary><c>lockdep_assert_held_read(&amp;l)</c>: held for reading.</summary>
        public static void LockdepAssertHeldRead(Rwlock @lock)
        {
            if (Lockdep.IsEnabled && !CpuState.Current.HeldSpinning.Contains(@lock.Read)) LockdepValidator.NotHeld(@lock, null, nameof(LockdepAssertHeldRead));
        }

        private static bool BhReadSide(CpuState cpu) =>
            cpu.BhDisableDepth > 0 || cpu.IrqsDisabled || cpu.Context != KernelContext.Process;

        /// <summary>This CPU holds the lock: in any mode, or exclusively (a spinlock, an rwlock's write side, a mutex).</summary>
        private static bool HeldHere(object l, bool exclusive)
        {
            var cpu = CpuState.Current;
            return l switch
            {
                Spinlock s => cpu.HeldSpinning.Contains(s),
                Rwlock r => cpu.HeldSpinning.Contains(r.Write) || (!exclusive && cpu.HeldSpinning.Contains(r.Read)),
                KernelMutex m => m.HeldByMe,
                _ => true, // not a lock of the model: nothing to check
            };
        }
    }
}
