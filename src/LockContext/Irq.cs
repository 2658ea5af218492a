using System;
using System.Collections.Generic;
using System.Linq;

namespace LockContext
{
    public static partial class Kernel
    {
        private sealed class IrqAction
        {
            public IrqAction(Func<int, object?, IrqReturn>? handler, Func<int, object?, IrqReturn>? threadFn, string name, object? dev)
            {
                Handler = handler;
                ThreadFn = threadFn;
                Name = name;
                Dev = dev;
                if (threadFn != null) Thread = new ContextWorker(KernelContext.Process, "irq/" + name);
            }

            public Func<int, object?, IrqReturn>? Handler { get; }
            public Func<int, object?, IrqReturn>? ThreadFn { get; }
            public string Name { get; }
            public object? Dev { get; }
            public ContextWorker? Thread { get; }
        }

        private static readonly Dictionary<int, List<IrqAction>> IrqLines = new Dictionary<int, List<IrqAction>>();

        /// <summary><c>request_irq()</c>: <paramref name="handler"/> runs in hardirq context when the line is raised.</summary>
        public static int RequestIrq(int irq, Func<int, object?, IrqReturn> handler, string name, object? dev)
        {
            if (handler == null) throw new ArgumentNullException(nameof(handler));
            return AddIrqAction(irq, new IrqAction(handler, null, name, dev));
        }

        /// <summary>
        /// <c>request_threaded_irq()</c>: <paramref name="handler"/> runs in hardirq context (null: the
        /// default primary handler, which wakes the thread); <paramref name="threadFn"/> runs in process
        /// context on the line's irq thread when the handler returns WakeThread.
        /// </summary>
        public static int RequestThreadedIrq(int irq, Func<int, object?, IrqReturn>? handler, Func<int, object?, IrqReturn> threadFn, string name, object? dev)
        {
            if (threadFn == null) throw new ArgumentNullException(nameof(threadFn));
            return AddIrqAction(irq, new IrqAction(handler, threadFn, name, dev));
        }

        /// <summary><c>free_irq()</c>: the handlers registered with <paramref name="dev"/> leave the line, and their irq threads stop.</summary>
        public static void FreeIrq(int irq, object? dev)
        {
            var freed = new List<IrqAction>();
            lock (IrqLines)
                if (IrqLines.TryGetValue(irq, out var actions))
                {
                    freed.AddRange(actions.Where(a => ReferenceEquals(a.Dev, dev)));
                    actions.RemoveAll(a => ReferenceEquals(a.Dev, dev));
                }
            foreach (var action in freed) action.Thread?.Stop();
        }

        private static int AddIrqAction(int irq, IrqAction action)
        {
            lock (IrqLines)
            {
                if (!IrqLines.TryGetValue(irq, out var actions)) IrqLines[irq] = actions = new List<IrqAction>();
                actions.Add(action);
            }
            return 0;
        }

        /// <summary>
        /// Test hook: the device raises <paramref name="irq"/>. Every handler on the line runs in
        /// hardirq context on the interrupt CPU, then any woken irq thread runs; returns when all
        /// have finished, rethrowing what they threw.
        /// </summary>
        public static IrqReturn RaiseIrq(int irq)
        {
            IrqAction[] actions;
            lock (IrqLines) actions = IrqLines.TryGetValue(irq, out var list) ? list.ToArray() : Array.Empty<IrqAction>();
            var result = IrqReturn.None;
            foreach (var action in actions)
            {
                var primary = action.Handler;
                var ret = primary == null
                    ? IrqReturn.WakeThread
                    : Wait(ContextWorker.Hardirq.Post(SoftirqVector.Hi, () => primary(irq, action.Dev)));
                if (ret == IrqReturn.WakeThread && action.Thread != null)
                    ret = Wait(action.Thread.Post(SoftirqVector.Hi, () => action.ThreadFn!(irq, action.Dev)));
                if (ret != IrqReturn.None) result = IrqReturn.Handled;
            }
            return result;
        }

        private static T Wait<T>(System.Threading.Tasks.Task<T> task)
        {
            try { return task.Result; }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
                throw;
            }
        }
    }
}
