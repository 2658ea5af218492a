// The seed driver's second bug: its hrtimer callback (wit_hrtimer_pool_notify) took a lock with
// spin_lock_bh. On the 3.10 kernel high-resolution timer callbacks run in hardirq context, where
// enabling bottom halves is itself a kernel bug (WARN in __local_bh_enable_ip), and the lock is then
// used in hardirq context, so every other user needs spin_lock_irqsave.
using LockContext;
using static LockContext.Kernel;

namespace WitDriver;

public static class WitHrtimerPool
{
    private static readonly Spinlock PoolLock = new Spinlock("pool_lock");
    private static readonly HrTimer PoolTimer = new HrTimer();
    private static int freeSlots;

    public static void Start()
    {
        HrtimerSetup(PoolTimer, WitHrtimerPoolNotify, HrTimerMode.Rel);   // Rel: hardirq on 3.10
        HrtimerStart(PoolTimer, TimeSpan.FromMilliseconds(10), HrTimerMode.Rel);
    }

    private static HrTimerRestart WitHrtimerPoolNotify(HrTimer timer)
    {
        SpinLockBh(PoolLock);   // LCA0003: bh variant in hardirq context
        freeSlots++;
        SpinUnlockBh(PoolLock);
        return HrTimerRestart.Restart;
    }

    public static int TakeSlot()
    {
        SpinLockBh(PoolLock);   // LCA0002: the hrtimer takes PoolLock in hardirq context
        int slot = freeSlots > 0 ? freeSlots-- : -1;
        SpinUnlockBh(PoolLock);
        return slot;
    }
}
