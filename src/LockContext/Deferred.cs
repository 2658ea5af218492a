using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace LockContext
{
    /// <summary><c>struct tasklet_struct</c>: runs in softirq context (TASKLET), never concurrently with itself.</summary>
    public sealed class Tasklet
    {
        internal Action<Tasklet>? Function;
        internal int Scheduled;

        public bool IsScheduled => Volatile.Read(ref Scheduled) != 0;
    }

    /// <summary><c>struct napi_struct</c>: a NAPI poll runs in softirq context (NET_RX).</summary>
    public sealed class NapiStruct
    {
        internal Func<NapiStruct, int, int>? Poll;
        internal int Scheduled;

        /// <summary>The budget handed to each poll (the kernel's default weight).</summary>
        public int Weight { get; set; } = 64;
    }

    /// <summary><c>struct work_struct</c>: runs in process context on a kworker.</summary>
    public sealed class WorkStruct
    {
        /// <summary>A work item; the compiler fills the arguments: where it is created names its map for the run-time validator (the field, as for a lock).</summary>
        public WorkStruct([CallerFilePath] string file = "", [CallerLineNumber] int line = 0, [CallerMemberName] string member = "")
        {
            Site = new LockSite(file, line, member, waitedAs: "work_completion");
        }

        /// <summary>lockdep's map of this work: held while its function runs, taken by <c>flush_work</c>.</summary>
        internal LockSite Site { get; }

        internal Action<WorkStruct>? Function;
        internal int Pending;
        internal Task Last = Task.CompletedTask;

        public bool IsPending => Volatile.Read(ref Pending) != 0;
    }

    /// <summary><c>struct task_struct</c> of a kernel thread.</summary>
    public sealed class TaskStruct
    {
        internal volatile bool StopRequested;
        internal Thread? Thread;
        internal int ExitCode;

        public TaskStruct(string name) { Name = name; }

        public string Name { get; }
    }

    public static partial class Kernel
    {
        /// <summary><c>tasklet_setup()</c>.</summary>
        public static void TaskletSetup(Tasklet tasklet, Action<Tasklet> callback)
        {
            if (tasklet == null) throw new ArgumentNullException(nameof(tasklet));
            tasklet.Function = callback ?? throw new ArgumentNullException(nameof(callback));
        }

        /// <summary><c>tasklet_schedule()</c>: queues the tasklet once until it runs.</summary>
        public static void TaskletSchedule(Tasklet tasklet)
        {
            var fn = tasklet.Function ?? throw KernelBugException.Raise("BUG: tasklet_schedule() before tasklet_setup()");
            if (Interlocked.Exchange(ref tasklet.Scheduled, 1) != 0) return;
            ContextWorker.Softirq.Post(SoftirqVector.Tasklet, () =>
            {
                Volatile.Write(ref tasklet.Scheduled, 0);
                fn(tasklet);
            });
        }

        /// <summary>
        /// <c>tasklet_kill()</c>: waits until the tasklet is neither scheduled nor running. May sleep,
        /// so never from softirq or hardirq context.
        /// </summary>
        public static void TaskletKill(Tasklet tasklet)
        {
            MightSleep();
            DrainSoftirqUntil("tasklet_kill", () => !tasklet.IsScheduled);
        }

        /// <summary><c>netif_napi_add()</c>.</summary>
        public static void NetifNapiAdd(NapiStruct napi, Func<NapiStruct, int, int> poll)
        {
            if (napi == null) throw new ArgumentNullException(nameof(napi));
            napi.Poll = poll ?? throw new ArgumentNullException(nameof(poll));
        }

        /// <summary><c>napi_schedule()</c>: polls in softirq context until a poll does less than its budget.</summary>
        public static void NapiSchedule(NapiStruct napi)
        {
            var poll = napi.Poll ?? throw KernelBugException.Raise("BUG: napi_schedule() before netif_napi_add()");
            if (Interlocked.Exchange(ref napi.Scheduled, 1) != 0) return;
            PostPoll(napi, poll);
        }

        private static void PostPoll(NapiStruct napi, Func<NapiStruct, int, int> poll)
        {
            ContextWorker.Softirq.Post(SoftirqVector.NetRx, () =>
            {
                int budget = napi.Weight;
                bool again = false;
                try { again = poll(napi, budget) >= budget; }
                finally { if (!again) Volatile.Write(ref napi.Scheduled, 0); } // a poll that oopses is not rescheduled
                if (again) PostPoll(napi, poll);
            });
        }

        /// <summary><c>napi_synchronize()</c>: waits until no poll of <paramref name="napi"/> is scheduled or running. May sleep.</summary>
        public static void NapiSynchronize(NapiStruct napi)
        {
            MightSleep();
            DrainSoftirqUntil("napi_synchronize", () => Volatile.Read(ref napi.Scheduled) == 0);
        }

        /// <summary><c>INIT_WORK()</c>.</summary>
        public static void InitWork(WorkStruct work, Action<WorkStruct> callback)
        {
            if (work == null) throw new ArgumentNullException(nameof(work));
            work.Function = callback ?? throw new ArgumentNullException(nameof(callback));
        }

        /// <summary><c>queue_work()</c> on the model's one workqueue. False if the work was already pending.</summary>
        public static bool QueueWork(WorkStruct work)
        {
            var fn = work.Function ?? throw KernelBugException.Raise("BUG: queue_work() before INIT_WORK()");
            if (Interlocked.Exchange(ref work.Pending, 1) != 0) return false;
            work.Last = ContextWorker.Kworker.Post(SoftirqVector.Hi, () =>
            {
                Volatile.Write(ref work.Pending, 0);
                LockdepValidator.RunHoldingMap(work.Site, work, "InitWork", () => fn(work));
            });
            return true;
        }

        /// <summary><c>schedule_work()</c>: <see cref="QueueWork"/> on the system workqueue.</summary>
        public static bool ScheduleWork(WorkStruct work) => QueueWork(work);

        /// <summary><c>flush_work()</c>: sleeps until the last queued run has finished. True if it waited.</summary>
        public static bool FlushWork(WorkStruct work)
        {
            MightSleep();
            if (Lockdep.IsEnabled) LockdepValidator.WaitsForCallback(work.Site, work, "FlushWork");
            var last = work.Last;
            if (last.IsCompleted) return false;
            try { last.Wait(); } catch (AggregateException) { /* recorded as an oops */ }
            return true;
        }

        /// <summary><c>kthread_run()</c>: starts a kernel thread (a real thread in process context).</summary>
        public static TaskStruct KthreadRun(Func<object?, int> threadFn, object? data, string name)
        {
            if (threadFn == null) throw new ArgumentNullException(nameof(threadFn));
            var task = new TaskStruct(name);
            task.Thread = new Thread(() =>
            {
                CpuState.Current.Task = task;
                try { task.ExitCode = CpuState.RunIn(KernelContext.Process, SoftirqVector.Hi, () => threadFn(data)); }
                catch (Exception e) { Oopses.Record(e); task.ExitCode = -1; }
            }) { IsBackground = true, Name = name };
            task.Thread.Start();
            return task;
        }

        /// <summary><c>kthread_should_stop()</c>: true once <see cref="KthreadStop"/> was called on this thread.</summary>
        public static bool KthreadShouldStop() => CpuState.Current.Task?.StopRequested ?? false;

        /// <summary><c>kthread_stop()</c>: asks the thread to stop, waits for it, returns its exit code.</summary>
        public static int KthreadStop(TaskStruct task)
        {
            MightSleep();
            task.StopRequested = true;
            task.Thread?.Join();
            return task.ExitCode;
        }

        /// <summary>Everything a callback on a worker threw since the last call (the model's dmesg).</summary>
        public static System.Collections.Generic.IReadOnlyList<Exception> TakeOopses() => Oopses.Take();
    }
}
