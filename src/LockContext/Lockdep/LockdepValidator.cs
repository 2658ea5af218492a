using System.Collections.Generic;
using System.Linq;

using LockContext.Words;

namespace LockContext
{
    /// <summary>
    /// The run-time judgement, lockdep's algorithm over the model's per-CPU state: usage marks per
    /// class, the dependency graph, and the checks that fire when a mark or an edge is first seen.
    /// Called by the model only while <see cref="Lockdep.IsEnabled"/>. One lock guards the graph;
    /// reports are handed to the sink after it is released.
    /// </summary>
    internal static partial class LockdepValidator
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, LockClassInfo> Classes = new Dictionary<string, LockClassInfo>();
        private static readonly HashSet<string> Reported = new HashSet<string>();

        public static int Generation { get; private set; }

        public static void Reset()
        {
            lock (Gate)
            {
                Classes.Clear();
                Reported.Clear();
                Generation++;
            }
            CpuState.Current.LockdepHeld.Clear();
        }

        public static LockClassInfo Intern(string key, string name)
        {
            lock (Gate)
            {
                if (!Classes.TryGetValue(key, out var c)) Classes[key] = c = new LockClassInfo(key, name, Generation);
                return c;
            }
        }

        /// <summary>
        /// Before a lock is taken (after a trylock succeeded): usage marks, recursion, new
        /// dependencies. Returns what to push once the lock is really held.
        /// </summary>
        public static HeldLock Acquiring(LockSite site, object instance, bool read, LockVariant variant, string api, bool isTry)
        {
            var cpu = CpuState.Current;
            var trace = StackWalk.Capture();
            var c = site.Class(trace);
            var w = new Witness(api, trace, Describe(cpu), read) { HardirqOn = !cpu.IrqsDisabled };
            var held = new HeldLock(instance, c, variant, w);
            if (cpu.Dead) return held;
            var reports = new List<LockdepReport>();
            lock (Gate)
            {
                if (variant == LockVariant.Bh && cpu.IrqsDisabled)
                    Add(reports, RuleWords.BhInHardirq + ":" + w.Side, LockdepText.BhWithIrqsOff(api, c.Name, cpu.Context == KernelContext.Hardirq, w));
                // Marks first, then dependencies, in lockdep's order (mark_usage before validate_chain):
                // an edge into a class is judged knowing how this very acquisition uses it.
                if (variant != LockVariant.Sleeping) MarkAcquisition(cpu, c, read, isTry, w, reports);
                if (!isTry)
                    foreach (var h in cpu.LockdepHeld)
                    {
                        if (h.Class == c)
                        {
                            if (!(h.Read && read)) Add(reports, RuleWords.RecursiveLocking + ":" + c.Key, LockdepText.Recursion(c.Name, h.Acquired, w));
                        }
                        else AddDependency(h.Class, h.Read, c, w, reports);
                    }
            }
            Deliver(reports);
            return held;
        }

        public static void Acquired(HeldLock held) => CpuState.Current.LockdepHeld.Add(held);

        /// <summary>
        /// Before a release: is it held here, and taken with the matching variant? False when this
        /// CPU does not hold it: reported, and the caller skips the release (lockdep's "bad unlock
        /// balance" splat; the kernel goes on).
        /// </summary>
        public static bool Releasing(LockSite site, object instance, bool modelHoldsIt, LockVariant variant, string api)
        {
            var cpu = CpuState.Current;
            var held = cpu.LockdepHeld;
            int i = held.FindLastIndex(h => ReferenceEquals(h.Instance, instance));
            if (i < 0)
            {
                // Taken before the validator was on: the model's own record says whether it is held.
                if (modelHoldsIt || cpu.Dead) return true;
                var trace = StackWalk.Capture();
                Report(RuleWords.UnbalancedRelease + ":", LockdepText.NotHeld(api, site.Class(trace).Name, trace));
                return false;
            }
            var h = held[i];
            held.RemoveAt(i);
            if (h.Variant != variant && !cpu.Dead)
                Report(RuleWords.UnbalancedRelease + ":", LockdepText.VariantMismatch(api, h, StackWalk.Capture()));
            return true;
        }

        /// <summary>Bottom halves (and hardirqs, if <paramref name="irqs"/>) just came back on with locks held: lockdep marks them all.</summary>
        public static void Reenabled(string api, bool irqs)
        {
            var cpu = CpuState.Current;
            bool bhOn = cpu.Context == KernelContext.Process && cpu.BhDisableDepth == 0 && !cpu.IrqsDisabled;
            if (cpu.Dead || cpu.IrqsDisabled || cpu.LockdepHeld.All(h => h.Sleeping) || (!irqs && !bhOn)) return;
            var reports = new List<LockdepReport>();
            var trace = StackWalk.Capture();
            string context = Describe(cpu);
            var witnesses = new Witness?[2];
            var here = StackWalk.FirstUserFrame(trace)?.GetMethod();
            lock (Gate)
                foreach (var h in cpu.LockdepHeld)
                {
                    if (h.Sleeping) continue;
                    // A lock a caller took: the report names that acquisition, as the analyzer does.
                    var taken = StackWalk.FirstUserFrame(h.Acquired.Trace);
                    var w = taken?.GetMethod() != here
                        ? new Witness(api, trace, context, h.Read, reenable: true) { HardirqOn = irqs, Holder = StackWalk.Where(taken) }
                        : witnesses[h.Read ? 1 : 0] ??= new Witness(api, trace, context, h.Read, reenable: true) { HardirqOn = irqs };
                    if (irqs) SetMark(h.Class, UsageMark.HardirqOn, h.Read, w, reports);
                    if (bhOn) SetMark(h.Class, UsageMark.SoftirqOn, h.Read, w, reports);
                }
            Deliver(reports);
        }

        /// <summary>LocalBhEnable called by the code itself with hardirqs off (the WARN in __local_bh_enable_ip).</summary>
        public static void BhEnableWithIrqsOff(CpuState cpu)
        {
            if (!cpu.Dead)
                Report(RuleWords.BhInHardirq + ":", LockdepText.BhEnableWithIrqsOff(cpu.Context == KernelContext.Hardirq, new Witness("LocalBhEnable", StackWalk.Capture(), Describe(cpu), false)));
        }

        /// <summary>A sleeping call in atomic context.</summary>
        public static void SleepInAtomic(CpuState cpu)
        {
            if (cpu.Dead) return;
            var trace = StackWalk.Capture();
            var holder = cpu.LockdepHeld.LastOrDefault(h => !h.Sleeping);
            Report(RuleWords.SleepInAtomic + ":", LockdepText.SleepInAtomic(cpu, holder, new Witness(StackWalk.ModelEntry(trace), trace, Describe(cpu), false)));
        }

        /// <summary>A callback or thread function returned with locks it took still held (the caller then drops them).</summary>
        public static void LeftOpen(CpuState cpu, int heldAtEntry)
        {
            var held = cpu.LockdepHeld;
            for (int i = held.Count - 1; i >= heldAtEntry; i--)
                Report(RuleWords.UnbalancedRelease + ":", LockdepText.LeftOpen(held[i], Describe(cpu)));
        }

        private static void MarkAcquisition(CpuState cpu, LockClassInfo c, bool read, bool isTry, Witness w, List<LockdepReport> reports)
        {
            bool irqsOn = !cpu.IrqsDisabled;
            bool bhOn = irqsOn && cpu.Context == KernelContext.Process && cpu.BhDisableDepth == 0;
            if (!isTry && cpu.Context == KernelContext.Softirq) SetMark(c, UsageMark.InSoftirq, read, w, reports);
            if (!isTry && cpu.Context == KernelContext.Hardirq) SetMark(c, UsageMark.InHardirq, read, w, reports);
            // Hardirq first: where a site is both, LCA0002 is the one finding (its fix covers both).
            if (irqsOn) SetMark(c, UsageMark.HardirqOn, read, w, reports);
            if (bhOn) SetMark(c, UsageMark.SoftirqOn, read, w, reports);
        }

        private static void Report(string key, LockdepReport report)
        {
            var reports = new List<LockdepReport>();
            lock (Gate) Add(reports, key + report.Message, report);
            Deliver(reports);
        }

        /// <summary>Keeps the first report of each kind (rule and classes, or rule and site).</summary>
        private static void Add(List<LockdepReport> reports, string key, LockdepReport report)
        {
            if (Reported.Add(key)) reports.Add(report);
        }

        private static void Deliver(List<LockdepReport> reports)
        {
            var sink = Lockdep.Sink;
            if (sink == null) return;
            foreach (var r in reports)
            {
                try { sink.Report(r); }
                catch { CpuState.Current.Oopsed(); throw; }
            }
        }

        /// <summary>The context in the analyzer's words for an entry ("RCU callback", "kernel thread 'kflow_gcd'").</summary>
        internal static string Describe(CpuState cpu)
        {
            string thread = System.Threading.Thread.CurrentThread.Name ?? "";
            switch (cpu.Context)
            {
                case KernelContext.Softirq:
                    return cpu.Vector switch
                    {
                        SoftirqVector.Rcu => RuleWords.RcuCallback,
                        SoftirqVector.Timer => RuleWords.TimerCallback,
                        SoftirqVector.Tasklet => RuleWords.Tasklet,
                        SoftirqVector.NetRx => RuleWords.NapiPoll,
                        SoftirqVector.Hrtimer => RuleWords.SoftHrtimerCallback,
                        _ => "softirq context, vector " + cpu.Vector,
                    };
                case KernelContext.Hardirq:
                    return cpu.Vector == SoftirqVector.Hrtimer ? RuleWords.HardHrtimerCallback : RuleWords.InterruptHandler;
                default:
                    if (cpu.Task != null) return $"{RuleWords.KernelThread} '{cpu.Task.Name}'";
                    if (thread == "kworker") return RuleWords.WorkItem;
                    if (thread.StartsWith("irq/", System.StringComparison.Ordinal)) return RuleWords.ThreadedInterruptHandler;
                    return "process context";
            }
        }
    }
}
