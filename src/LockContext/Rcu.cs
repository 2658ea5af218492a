using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LockContext
{
    /// <summary><c>struct rcu_head</c>: embedded in an object that <c>call_rcu</c> will free.</summary>
    public sealed class RcuHead
    {
        public object? Owner { get; set; }
    }

    /// <summary>
    /// Grace periods: every read-side section gets a stamp when it opens; a callback queued at
    /// stamp S may run once no section stamped before S is still open.
    /// </summary>
    internal static class RcuState
    {
        private static readonly object gate = new object();
        private static readonly HashSet<long> open = new HashSet<long>();
        private static readonly List<(long Stamp, Action Callback)> pending = new List<(long, Action)>();
        private static long stamp;

        public static long OpenSection()
        {
            lock (gate) { long s = ++stamp; open.Add(s); return s; }
        }

        public static void CloseSection(long s)
        {
            lock (gate)
            {
                open.Remove(s);
                ReleaseReady();
                Monitor.PulseAll(gate);
            }
        }

        public static void Enqueue(Action callback)
        {
            lock (gate)
            {
                pending.Add((++stamp, callback));
                ReleaseReady();
            }
        }

        public static void WaitForReaders()
        {
            lock (gate)
            {
                long mine = ++stamp;
                while (OldestOpen() < mine) Monitor.Wait(gate);
            }
        }

        private static long OldestOpen()
        {
            long oldest = long.MaxValue;
            foreach (var s in open) if (s < oldest) oldest = s;
            return oldest;
        }

        // Callbacks are released in stamp order, so the softirq CPU runs them in call order.
        private static void ReleaseReady()
        {
            long oldest = OldestOpen();
            int ready = 0;
            while (ready < pending.Count && pending[ready].Stamp < oldest) ready++;
            for (int i = 0; i < ready; i++)
                ContextWorker.Softirq.Post(SoftirqVector.Rcu, pending[i].Callback);
            pending.RemoveRange(0, ready);
        }
    }

    public static partial class Kernel
    {
        /// <summary><c>rcu_read_lock()</c>: opens (or nests) a read-side section.</summary>
        public static void RcuReadLock()
        {
            var cpu = CpuState.Current;
            if (cpu.RcuReadDepth++ == 0) cpu.RcuSectionStart = RcuState.OpenSection();
        }

        /// <summary><c>rcu_read_unlock()</c>.</summary>
        public static void RcuReadUnlock()
        {
            var cpu = CpuState.Current;
            if (cpu.RcuReadDepth == 0) throw KernelBugException.Raise("BUG: rcu_read_unlock() without rcu_read_lock()");
            if (--cpu.RcuReadDepth == 0) RcuState.CloseSection(cpu.RcuSectionStart);
        }

        /// <summary><c>rcu_read_lock_bh()</c>: a read-side section with bottom halves disabled.</summary>
        public static void RcuReadLockBh() { LocalBhDisable(); RcuReadLock(); }

        /// <summary><c>rcu_read_unlock_bh()</c>.</summary>
        public static void RcuReadUnlockBh() { RcuReadUnlock(); EnableBh(nameof(RcuReadUnlockBh), byCode: false); }

        /// <summary>
        /// <c>call_rcu()</c>: <paramref name="callback"/> runs after a grace period, in softirq
        /// context (vector RCU), on the softirq CPU.
        /// </summary>
        public static void CallRcu(RcuHead head, Action<RcuHead> callback)
        {
            if (head == null) throw new ArgumentNullException(nameof(head));
            if (callback == null) throw new ArgumentNullException(nameof(callback));
            RcuState.Enqueue(() => callback(head));
        }

        /// <summary><c>synchronize_rcu()</c>: sleeps until every read-side section open now has ended.</summary>
        public static void SynchronizeRcu()
        {
            MightSleep();
            RcuState.WaitForReaders();
        }

        /// <summary><c>rcu_barrier()</c>: sleeps until every callback queued so far has run.</summary>
        public static void RcuBarrier()
        {
            MightSleep();
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            RcuState.Enqueue(() => done.SetResult(true));
            done.Task.Wait();
        }
    }
}
