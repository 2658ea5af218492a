using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace LockContext
{
    /// <summary><c>struct timer_list</c>: a callback that runs in softirq context (vector TIMER) when it expires.</summary>
    public sealed class TimerList
    {
        /// <summary>A timer; the compiler fills the arguments: where it is created names its map for the run-time validator (the field, as for a lock).</summary>
        public TimerList([CallerFilePath] string file = "", [CallerLineNumber] int line = 0, [CallerMemberName] string member = "")
        {
            Site = new LockSite(file, line, member, waitedAs: "timer");
        }

        /// <summary>lockdep's map of this timer: held while its callback runs, taken by <c>del_timer_sync</c>.</summary>
        internal LockSite Site { get; }

        internal readonly object Gate = new object();
        internal Action<TimerList>? Function;
        internal Timer? Pending;
        internal int Generation; // bumped by every re-arm and delete, so a stale expiry does nothing

        /// <summary>The expiry, in jiffies, of the last <c>mod_timer</c>.</summary>
        public long Expires { get; internal set; }

        /// <summary><c>timer_pending()</c>.</summary>
        public bool IsPending { get { lock (Gate) return Pending != null; } }
    }

    /// <summary><c>struct hrtimer</c>: fires in hardirq context, or softirq (vector HRTIMER) in a Soft mode.</summary>
    public sealed class HrTimer
    {
        internal readonly object Gate = new object();
        internal Func<HrTimer, HrTimerRestart>? Function;
        internal HrTimerMode Mode;
        internal Timer? Pending;
        internal int Generation;

        /// <summary>True when the callback runs in softirq context.</summary>
        public bool IsSoft => Mode == HrTimerMode.AbsSoft || Mode == HrTimerMode.RelSoft;

        /// <summary><c>hrtimer_active()</c>.</summary>
        public bool IsActive { get { lock (Gate) return Pending != null; } }
    }

    public static partial class Kernel
    {
        private static readonly Stopwatch Boot = Stopwatch.StartNew();

        /// <summary><c>jiffies</c>, at HZ=1000: milliseconds since the model "booted".</summary>
        public static long Jiffies => Boot.ElapsedMilliseconds;

        /// <summary><c>msecs_to_jiffies()</c> at HZ=1000.</summary>
        public static long MsecsToJiffies(int milliseconds) => milliseconds;

        /// <summary><c>timer_setup()</c>: <paramref name="callback"/> will run in softirq context (TIMER).</summary>
        public static void TimerSetup(TimerList timer, Action<TimerList> callback)
        {
            if (timer == null) throw new ArgumentNullException(nameof(timer));
            lock (timer.Gate) timer.Function = callback ?? throw new ArgumentNullException(nameof(callback));
        }

        /// <summary><c>mod_timer()</c>: (re)arms the timer for <paramref name="expires"/> (jiffies). True if it was pending.</summary>
        public static bool ModTimer(TimerList timer, long expires)
        {
            lock (timer.Gate)
            {
                if (timer.Function == null) throw KernelBugException.Raise("BUG: mod_timer() on a timer that timer_setup() never set up");
                bool wasPending = Disarm(ref timer.Pending, ref timer.Generation);
                timer.Expires = expires;
                int generation = timer.Generation;
                timer.Pending = new Timer(_ => ExpireTimer(timer, generation), null, Math.Max(0, expires - Jiffies), Timeout.Infinite);
                return wasPending;
            }
        }

        /// <summary><c>del_timer_sync()</c>: disarms, and waits for a running callback. True if it was pending.</summary>
        public static bool DelTimerSync(TimerList timer)
        {
            bool wasPending;
            lock (timer.Gate) wasPending = Disarm(ref timer.Pending, ref timer.Generation);
            if (Lockdep.IsEnabled) LockdepValidator.WaitsForCallback(timer.Site, timer, "DelTimerSync");
            DrainSoftirq("del_timer_sync");
            return wasPending;
        }

        private static void ExpireTimer(TimerList timer, int generation)
        {
            // Queued under the gate: once a timer is no longer pending, its run is already queued,
            // so del_timer_sync's drain waits for it.
            lock (timer.Gate)
            {
                if (timer.Generation != generation) return;
                var fn = timer.Function;
                Disarm(ref timer.Pending, ref timer.Generation);
                if (fn != null) ContextWorker.Softirq.Post(SoftirqVector.Timer, () => LockdepValidator.RunHoldingMap(timer.Site, timer, "TimerSetup", () => fn(timer)));
            }
        }

        /// <summary><c>hrtimer_setup()</c>: the mode fixes the context the callback runs in.</summary>
        public static void HrtimerSetup(HrTimer timer, Func<HrTimer, HrTimerRestart> callback, HrTimerMode mode)
        {
            if (timer == null) throw new ArgumentNullException(nameof(timer));
            lock (timer.Gate)
            {
                timer.Function = callback ?? throw new ArgumentNullException(nameof(callback));
                timer.Mode = mode;
            }
        }

        /// <summary><c>hrtimer_start()</c>: fires after <paramref name="delay"/>; a callback returning Restart re-arms it for the same delay.</summary>
        public static void HrtimerStart(HrTimer timer, TimeSpan delay, HrTimerMode mode)
        {
            lock (timer.Gate)
            {
                if (timer.Function == null) throw KernelBugException.Raise("BUG: hrtimer_start() on a timer that hrtimer_setup() never set up");
                Disarm(ref timer.Pending, ref timer.Generation);
                int generation = timer.Generation;
                long due = Math.Max(0, (long)delay.TotalMilliseconds);
                timer.Pending = new Timer(_ => ExpireHrtimer(timer, generation, delay), null, due, Timeout.Infinite);
            }
        }

        /// <summary><c>hrtimer_cancel()</c>: disarms and waits for a running callback. True if it was active.</summary>
        public static bool HrtimerCancel(HrTimer timer)
        {
            bool wasActive;
            lock (timer.Gate) wasActive = Disarm(ref timer.Pending, ref timer.Generation);
            DrainSoftirq("hrtimer_cancel");
            if (!ContextWorker.Hardirq.IsCurrentThread) ContextWorker.Hardirq.Post(SoftirqVector.Hi, () => { }).Wait();
            return wasActive;
        }

        private static void ExpireHrtimer(HrTimer timer, int generation, TimeSpan delay)
        {
            lock (timer.Gate)
            {
                if (timer.Generation != generation) return;
                var fn = timer.Function;
                Disarm(ref timer.Pending, ref timer.Generation);
                if (fn == null) return;
                var worker = timer.IsSoft ? ContextWorker.Softirq : ContextWorker.Hardirq;
                worker.Post(SoftirqVector.Hrtimer, () =>
                {
                    if (fn(timer) == HrTimerRestart.Restart) HrtimerStart(timer, delay, timer.Mode);
                });
            }
        }

        private static bool Disarm(ref Timer? pending, ref int generation)
        {
            generation++;
            if (pending == null) return false;
            pending.Dispose();
            pending = null;
            return true;
        }

        // Waits until everything queued on the softirq CPU so far has run. From that CPU itself it
        // would wait for itself, which the kernel reports as a deadlock too.
        // Drains the softirq CPU until the work is idle (a tasklet or poll may queue itself again).
        private static void DrainSoftirqUntil(string caller, Func<bool> idle)
        {
            while (true)
            {
                DrainSoftirq(caller);
                if (idle()) return;
                Thread.Sleep(1);
            }
        }

        private static void DrainSoftirq(string caller)
        {
            if (ContextWorker.Softirq.IsCurrentThread)
                throw KernelBugException.Raise($"BUG: {caller}() from softirq context would wait for itself");
            ContextWorker.Softirq.Post(SoftirqVector.Hi, () => { }).Wait();
        }
    }
}
