using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LockContext
{
    /// <summary>
    /// A real thread standing for a CPU that runs deferred work in one context: the softirq CPU
    /// (timers, tasklets, NAPI, RCU callbacks, soft hrtimers), the hardirq CPU (IRQ handlers, hard
    /// hrtimers), and process-context workers (kworker, irq threads). Work runs in FIFO order,
    /// one item at a time, as a softirq vector or a work item does on one CPU.
    /// </summary>
    internal sealed class ContextWorker
    {
        private readonly BlockingCollection<Action> queue = new BlockingCollection<Action>();
        private readonly KernelContext context;
        private readonly Thread thread;

        public ContextWorker(KernelContext context, string name)
        {
            this.context = context;
            thread = new Thread(Loop) { IsBackground = true, Name = name };
            thread.Start();
        }

        public static ContextWorker Softirq { get; } = new ContextWorker(KernelContext.Softirq, "ksoftirqd");
        public static ContextWorker Hardirq { get; } = new ContextWorker(KernelContext.Hardirq, "irq-cpu");
        public static ContextWorker Kworker { get; } = new ContextWorker(KernelContext.Process, "kworker");

        public bool IsCurrentThread => Thread.CurrentThread == thread;

        /// <summary>Queues <paramref name="body"/>; the task completes (or faults) when it has run.</summary>
        public Task<T> Post<T>(SoftirqVector vector, Func<T> body)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            try
            {
                queue.Add(() =>
                {
                    try
                    {
                        done.SetResult(CpuState.RunIn(context, vector, body));
                    }
                    catch (Exception e)
                    {
                        Oopses.Record(e);
                        done.SetException(e);
                    }
                });
            }
            catch (InvalidOperationException)
            {
                done.SetException(new InvalidOperationException($"{thread.Name} was stopped: its work can no longer run"));
            }
            return done.Task;
        }

        /// <summary>
        /// Ends the thread once what is queued has run, as <c>free_irq()</c> stops a line's irq
        /// thread. Without it every threaded IRQ ever requested kept a thread for the life of the
        /// process (1,600 of them in one long differential run).
        /// </summary>
        public void Stop() => queue.CompleteAdding();

        public Task Post(SoftirqVector vector, Action body) => Post(vector, () => { body(); return true; });

        private void Loop()
        {
            foreach (var item in queue.GetConsumingEnumerable()) item();
        }
    }

    /// <summary>Exceptions thrown by callbacks on worker threads: the model's kernel log.</summary>
    internal static class Oopses
    {
        private static readonly ConcurrentQueue<Exception> log = new ConcurrentQueue<Exception>();

        public static void Record(Exception e) => log.Enqueue(e);

        public static IReadOnlyList<Exception> Take()
        {
            var taken = new List<Exception>();
            while (log.TryDequeue(out var e)) taken.Add(e);
            return taken;
        }
    }
}
