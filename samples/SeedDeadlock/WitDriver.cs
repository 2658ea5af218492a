// The seed incident (a RHEL 7 / 3.10 soft lockup), modeled with LockContext.
// kflow_gcd, a kernel thread, prunes the wait-free list under inode_lock with plain spin_lock.
// When a flow's last reference goes, call_rcu queues release_wit_flow, which runs in softirq
// context and takes inode_lock too. A softirq that runs on the CPU holding the lock spins forever.
using LockContext;
using static LockContext.Kernel;

namespace WitDriver;

public sealed class WitInode
{
    public int Generation;
}

public sealed class WitFlow
{
    public readonly RcuHead Rcu = new RcuHead();
    public int RefCount = 1;
    public WitInode? Inode;
}

public static class Witdriver
{
    private static readonly Spinlock InodeLock = new Spinlock("inode_lock");
    private static readonly List<WitFlow> WaitFreeList = new List<WitFlow>();
    private static TaskStruct? gcThread;

    public static void ModuleInit()
    {
        gcThread = KthreadRun(KflowGcd, null, "kflow_gcd");
    }

    public static void ModuleExit()
    {
        if (gcThread != null) KthreadStop(gcThread);
    }

    private static int KflowGcd(object? data)
    {
        while (!KthreadShouldStop())
        {
            PruneWaitFreeList();
            Msleep(100);
        }
        return 0;
    }

    private static void PruneWaitFreeList()
    {
        SpinLock(InodeLock);   // LCA0001: softirqs stay enabled while the lock is held
        WaitFreeList.RemoveAll(f => f.RefCount == 0);
        SpinUnlock(InodeLock);
    }

    public static void WitUnrefFlow(WitFlow f)
    {
        if (--f.RefCount == 0)
            CallRcu(f.Rcu, ReleaseWitFlow);
    }

    private static void ReleaseWitFlow(RcuHead head) => FreeWitFlow((WitFlow)head.Owner!);

    private static void FreeWitFlow(WitFlow f) => WitInodeReplace(f);

    private static void WitInodeReplace(WitFlow f)
    {
        SpinLock(InodeLock);   // in softirq context (vector RCU)
        if (f.Inode != null) f.Inode.Generation++;
        SpinUnlock(InodeLock);
    }
}
