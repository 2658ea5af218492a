namespace LockContext
{
    /// <summary>The softirq vectors of the kernel the seed incident ran on (kernel/softirq.c order).</summary>
    public enum SoftirqVector
    {
        Hi,
        Timer,
        NetTx,
        NetRx,
        Block,
        IrqPoll,
        Tasklet,
        Sched,
        Hrtimer,
        Rcu,
    }

    /// <summary>What a CPU is doing: the kernel's notion of "context".</summary>
    public enum KernelContext
    {
        /// <summary>A task: syscall, kernel thread, work item. May sleep unless atomic.</summary>
        Process,
        /// <summary>Serving a softirq (deferred interrupt work).</summary>
        Softirq,
        /// <summary>An interrupt handler or a hard-mode hrtimer callback; interrupts are off.</summary>
        Hardirq,
    }

    /// <summary>hrtimer modes; a <c>Soft</c> mode runs the callback in softirq context (vector HRTIMER).</summary>
    public enum HrTimerMode
    {
        Abs,
        Rel,
        AbsSoft,
        RelSoft,
        AbsHard,
        RelHard,
    }

    /// <summary>What an hrtimer callback asks for when it returns.</summary>
    public enum HrTimerRestart
    {
        NoRestart,
        Restart,
    }

    /// <summary>What an interrupt handler returns.</summary>
    public enum IrqReturn
    {
        None,
        Handled,
        WakeThread,
    }
}
