namespace LockContext
{
    public static partial class Kernel
    {
        // One shape for every spinning lock: what it does to bh/irq state around the acquisition.
        private static void Take(ISpinning l) => l.Acquire();

        private static void TakeBh(ISpinning l) { LocalBhDisable(); l.Acquire(); }

        private static void TakeIrq(ISpinning l) { LocalIrqDisable(); l.Acquire(); }

        private static IrqFlags TakeIrqSave(ISpinning l) { var flags = LocalIrqSave(); l.Acquire(); return flags; }

        private static void Give(ISpinning l) => l.Release();

        private static void GiveBh(ISpinning l) { l.Release(); LocalBhEnable(); }

        private static void GiveIrq(ISpinning l) { l.Release(); LocalIrqEnable(); }

        private static void GiveIrqRestore(ISpinning l, IrqFlags flags) { l.Release(); LocalIrqRestore(flags); }

        private static bool TryTakeBh(ISpinning l)
        {
            LocalBhDisable();
            if (l.TryAcquire()) return true;
            LocalBhEnable();
            return false;
        }

        // spinlock_t
        public static void SpinLock(Spinlock l) => Take(l);
        public static void SpinUnlock(Spinlock l) => Give(l);
        public static void SpinLockBh(Spinlock l) => TakeBh(l);
        public static void SpinUnlockBh(Spinlock l) => GiveBh(l);
        public static void SpinLockIrq(Spinlock l) => TakeIrq(l);
        public static void SpinUnlockIrq(Spinlock l) => GiveIrq(l);
        public static IrqFlags SpinLockIrqSave(Spinlock l) => TakeIrqSave(l);
        public static void SpinUnlockIrqRestore(Spinlock l, IrqFlags flags) => GiveIrqRestore(l, flags);
        public static bool SpinTrylock(Spinlock l) => ((ISpinning)l).TryAcquire();
        public static bool SpinTrylockBh(Spinlock l) => TryTakeBh(l);

        // rwlock_t, read side
        public static void ReadLock(Rwlock l) => Take(l.Read);
        public static void ReadUnlock(Rwlock l) => Give(l.Read);
        public static void ReadLockBh(Rwlock l) => TakeBh(l.Read);
        public static void ReadUnlockBh(Rwlock l) => GiveBh(l.Read);
        public static void ReadLockIrq(Rwlock l) => TakeIrq(l.Read);
        public static void ReadUnlockIrq(Rwlock l) => GiveIrq(l.Read);
        public static IrqFlags ReadLockIrqSave(Rwlock l) => TakeIrqSave(l.Read);
        public static void ReadUnlockIrqRestore(Rwlock l, IrqFlags flags) => GiveIrqRestore(l.Read, flags);
        public static bool ReadTrylock(Rwlock l) => l.Read.TryAcquire();

        // rwlock_t, write side
        public static void WriteLock(Rwlock l) => Take(l.Write);
        public static void WriteUnlock(Rwlock l) => Give(l.Write);
        public static void WriteLockBh(Rwlock l) => TakeBh(l.Write);
        public static void WriteUnlockBh(Rwlock l) => GiveBh(l.Write);
        public static void WriteLockIrq(Rwlock l) => TakeIrq(l.Write);
        public static void WriteUnlockIrq(Rwlock l) => GiveIrq(l.Write);
        public static IrqFlags WriteLockIrqSave(Rwlock l) => TakeIrqSave(l.Write);
        public static void WriteUnlockIrqRestore(Rwlock l, IrqFlags flags) => GiveIrqRestore(l.Write, flags);
        public static bool WriteTrylock(Rwlock l) => l.Write.TryAcquire();

        // struct mutex
        public static void MutexLock(KernelMutex m) => m.Lock();
        public static void MutexUnlock(KernelMutex m) => m.Unlock();
        public static bool MutexTrylock(KernelMutex m) => m.TryLock();
    }
}
