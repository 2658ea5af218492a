using System;

namespace LockContext
{
    /// <summary>A held guard: disposing it releases with the variant that took it, once.</summary>
    public sealed class LockGuard : IDisposable
    {
        private Action? release;

        internal LockGuard(Action release) { this.release = release; }

        public void Dispose()
        {
            var r = release;
            release = null;
            r?.Invoke();
        }
    }

    /// <summary>
    /// Scoped locking, as the kernel's <c>guard()</c> / <c>scoped_guard()</c> (linux/cleanup.h):
    /// <c>using (Guard.SpinLockBh(l)) { ... }</c> or <c>using var _ = Guard.SpinLockIrqSave(l);</c>.
    /// </summary>
    public static class Guard
    {
        public static LockGuard SpinLock(Spinlock l) { Kernel.SpinLock(l); return new LockGuard(() => Kernel.SpinUnlock(l)); }
        public static LockGuard SpinLockBh(Spinlock l) { Kernel.SpinLockBh(l); return new LockGuard(() => Kernel.SpinUnlockBh(l)); }
        public static LockGuard SpinLockIrq(Spinlock l) { Kernel.SpinLockIrq(l); return new LockGuard(() => Kernel.SpinUnlockIrq(l)); }
        public static LockGuard SpinLockIrqSave(Spinlock l) { var f = Kernel.SpinLockIrqSave(l); return new LockGuard(() => Kernel.SpinUnlockIrqRestore(l, f)); }

        public static LockGuard ReadLock(Rwlock l) { Kernel.ReadLock(l); return new LockGuard(() => Kernel.ReadUnlock(l)); }
        public static LockGuard ReadLockBh(Rwlock l) { Kernel.ReadLockBh(l); return new LockGuard(() => Kernel.ReadUnlockBh(l)); }
        public static LockGuard ReadLockIrq(Rwlock l) { Kernel.ReadLockIrq(l); return new LockGuard(() => Kernel.ReadUnlockIrq(l)); }
        public static LockGuard ReadLockIrqSave(Rwlock l) { var f = Kernel.ReadLockIrqSave(l); return new LockGuard(() => Kernel.ReadUnlockIrqRestore(l, f)); }

        public static LockGuard WriteLock(Rwlock l) { Kernel.WriteLock(l); return new LockGuard(() => Kernel.WriteUnlock(l)); }
        public static LockGuard WriteLockBh(Rwlock l) { Kernel.WriteLockBh(l); return new LockGuard(() => Kernel.WriteUnlockBh(l)); }
        public static LockGuard WriteLockIrq(Rwlock l) { Kernel.WriteLockIrq(l); return new LockGuard(() => Kernel.WriteUnlockIrq(l)); }
        public static LockGuard WriteLockIrqSave(Rwlock l) { var f = Kernel.WriteLockIrqSave(l); return new LockGuard(() => Kernel.WriteUnlockIrqRestore(l, f)); }

        public static LockGuard RcuRead() { Kernel.RcuReadLock(); return new LockGuard(Kernel.RcuReadUnlock); }
        public static LockGuard RcuReadBh() { Kernel.RcuReadLockBh(); return new LockGuard(Kernel.RcuReadUnlockBh); }

        public static LockGuard Mutex(KernelMutex m) { Kernel.MutexLock(m); return new LockGuard(() => Kernel.MutexUnlock(m)); }
    }
}
