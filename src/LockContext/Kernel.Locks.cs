namespace LockContext
{
    public static partial class Kernel
    {
        // One shape for every spinning lock: what it does to bh/irq state around the acquisition.
        // The API name travels along for the run-time validator's reports (nameof: no cost).
        private static void Take(ISpinning l, LockVariant variant, string api)
        {
            var held = Lockdep.IsEnabled ? LockdepValidator.Acquiring(l.Site, l, l.IsRead, variant, api, isTry: false) : null;
            l.Acquire();
            if (held != null) LockdepValidator.Acquired(held);
        }

        private static void TakeBh(ISpinning l, string api) { LocalBhDisable(); Take(l, LockVariant.Bh, api); }

        private static void TakeIrq(ISpinning l, string api) { LocalIrqDisable(); Take(l, LockVariant.Irq, api); }

        private static IrqFlags TakeIrqSave(ISpinning l, string api) { var flags = LocalIrqSave(); Take(l, LockVariant.IrqSave, api); return flags; }

        private static bool TryTake(ISpinning l, LockVariant variant, string api)
        {
            if (!l.TryAcquire()) return false;
            if (Lockdep.IsEnabled) LockdepValidator.Acquired(LockdepValidator.Acquiring(l.Site, l, l.IsRead, variant, api, isTry: true));
            return true;
        }

        private static void Give(ISpinning l, LockVariant variant, string api)
        {
            if (Lockdep.IsEnabled && !LockdepValidator.Releasing(l.Site, l, CpuState.Current.HeldSpinning.Contains(l), variant, api)) return;
            l.Release();
        }

        private static void GiveBh(ISpinning l, string api) { Give(l, LockVariant.Bh, api); EnableBh(api, byCode: false); }

        private static void GiveIrq(ISpinning l, string api) { Give(l, LockVariant.Irq, api); EnableIrqs(api); }

        private static void GiveIrqRestore(ISpinning l, IrqFlags flags, string api) { Give(l, LockVariant.IrqSave, api); RestoreIrqs(flags, api); }

        private static bool TryTakeBh(ISpinning l, string api)
        {
            LocalBhDisable();
            if (TryTake(l, LockVariant.Bh, api)) return true;
            EnableBh(api, byCode: false);
            return false;
        }

        // spinlock_t
        public static void SpinLock(Spinlock l) => Take(l, LockVariant.Plain, nameof(SpinLock));
        public static void SpinUnlock(Spinlock l) => Give(l, LockVariant.Plain, nameof(SpinUnlock));
        public static void SpinLockBh(Spinlock l) => TakeBh(l, nameof(SpinLockBh));
        public static void SpinUnlockBh(Spinlock l) => GiveBh(l, nameof(SpinUnlockBh));
        public static void SpinLockIrq(Spinlock l) => TakeIrq(l, nameof(SpinLockIrq));
        public static void SpinUnlockIrq(Spinlock l) => GiveIrq(l, nameof(SpinUnlockIrq));
        public static IrqFlags SpinLockIrqSave(Spinlock l) => TakeIrqSave(l, nameof(SpinLockIrqSave));
        public static void SpinUnlockIrqRestore(Spinlock l, IrqFlags flags) => GiveIrqRestore(l, flags, nameof(SpinUnlockIrqRestore));
        public static bool SpinTrylock(Spinlock l) => TryTake(l, LockVariant.Plain, nameof(SpinTrylock));
        public static bool SpinTrylockBh(Spinlock l) => TryTakeBh(l, nameof(SpinTrylockBh));

        // rwlock_t, read side
        public static void ReadLock(Rwlock l) => Take(l.Read, LockVariant.Plain, nameof(ReadLock));
        public static void ReadUnlock(Rwlock l) => Give(l.Read, LockVariant.Plain, nameof(ReadUnlock));
        public static void ReadLockBh(Rwlock l) => TakeBh(l.Read, nameof(ReadLockBh));
        public static void ReadUnlockBh(Rwlock l) => GiveBh(l.Read, nameof(ReadUnlockBh));
        public static void ReadLockIrq(Rwlock l) => TakeIrq(l.Read, nameof(ReadLockIrq));
        public static void ReadUnlockIrq(Rwlock l) => GiveIrq(l.Read, nameof(ReadUnlockIrq));
        public static IrqFlags ReadLockIrqSave(Rwlock l) => TakeIrqSave(l.Read, nameof(ReadLockIrqSave));
        public static void ReadUnlockIrqRestore(Rwlock l, IrqFlags flags) => GiveIrqRestore(l.Read, flags, nameof(ReadUnlockIrqRestore));
        public static bool ReadTrylock(Rwlock l) => TryTake(l.Read, LockVariant.Plain, nameof(ReadTrylock));

        // rwlock_t, write side
        public static void WriteLock(Rwlock l) => Take(l.Write, LockVariant.Plain, nameof(WriteLock));
        public static void WriteUnlock(Rwlock l) => Give(l.Write, LockVariant.Plain, nameof(WriteUnlock));
        public static void WriteLockBh(Rwlock l) => TakeBh(l.Write, nameof(WriteLockBh));
        public static void WriteUnlockBh(Rwlock l) => GiveBh(l.Write, nameof(WriteUnlockBh));
        public static void WriteLockIrq(Rwlock l) => TakeIrq(l.Write, nameof(WriteLockIrq));
        public static void WriteUnlockIrq(Rwlock l) => GiveIrq(l.Write, nameof(WriteUnlockIrq));
        public static IrqFlags WriteLockIrqSave(Rwlock l) => TakeIrqSave(l.Write, nameof(WriteLockIrqSave));
        public static void WriteUnlockIrqRestore(Rwlock l, IrqFlags flags) => GiveIrqRestore(l.Write, flags, nameof(WriteUnlockIrqRestore));
        public static bool WriteTrylock(Rwlock l) => TryTake(l.Write, LockVariant.Plain, nameof(WriteTrylock));

        // struct mutex
        public static void MutexLock(KernelMutex m) => m.Lock();
        public static void MutexUnlock(KernelMutex m) => m.Unlock();
        public static bool MutexTrylock(KernelMutex m) => m.TryLock();
    }
}
