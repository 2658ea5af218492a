using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using LockContext.Words;

namespace LockContext
{
    /// <summary>
    /// The words of run-time reports: the analyzer's message formats (src/LockContextAnalyzers/Rules),
    /// filled with run-time sides, and lockdep's scenarios.
    /// </summary>
    internal static class LockdepText
    {
        private const string Header = " Possible unsafe locking scenario:\n\n";
        private const string Deadlock = "\n *** DEADLOCK ***\n";

        public static LockdepReport InconsistentUsage(bool hardirq, string name, Witness on, Witness inContext, Witness current)
        {
            string word = hardirq ? "hardirq" : "softirq";
            string what = !on.IsReenable ? $"is taken with {word}s enabled"
                : on.Holder != null ? $"is held (taken at {on.Holder}) when {on.Api} turns {word}s back on"
                : $"is held when {on.Api} turns {word}s back on";
            string message = string.Format(hardirq ? RuleWords.HardirqUnsafeLockFormat : RuleWords.SoftirqUnsafeLockFormat, name, what, on.Side, inContext.Side);
            string scenario = Header + "       CPU0\n       ----\n" + $"  lock({name});\n  <Interrupt>\n    lock({name});\n" + Deadlock;
            var other = current == on ? inContext : on;
            string mark = (other == on ? $"{word.ToUpperInvariant()}-ON" : $"IN-{word.ToUpperInvariant()}") + (other.Read ? "-READ" : "");
            return new LockdepReport(hardirq ? RuleWords.HardirqUnsafeLock : RuleWords.SoftirqUnsafeLock, name, message, scenario, current.Stack, $"the {What(other)} that set {mark}", other.Stack)
            {
                Site = LockdepPlace.Of(on), OtherSite = LockdepPlace.Of(inContext), SiteIsReenable = on.IsReenable,
            };
        }

        public static LockdepReport BhWithIrqsOff(string api, string name, bool inHardirq, Witness w) =>
            new LockdepReport(RuleWords.BhInHardirq, name,
                string.Format(RuleWords.BhInHardirqFormat, $"{api} of lock '{name}'", Where(inHardirq), w.Side, "its release re-enables"),
                " WARNING: local_bh_enable() with hardirqs disabled (__local_bh_enable_ip): pending softirqs would run here\n", w.Stack, null, null)
            { Site = LockdepPlace.Of(w) };

        public static LockdepReport BhEnableWithIrqsOff(bool inHardirq, Witness w) =>
            new LockdepReport(RuleWords.BhInHardirq, null,
                string.Format(RuleWords.BhInHardirqFormat, "LocalBhEnable", Where(inHardirq), w.Side, "it re-enables"),
                " WARNING: local_bh_enable() with hardirqs disabled (__local_bh_enable_ip): pending softirqs would run here\n", w.Stack, null, null)
            { Site = LockdepPlace.Of(w) };

        public static LockdepReport Recursion(string name, Witness held, Witness taken) =>
            new LockdepReport(RuleWords.RecursiveLocking, name,
                string.Format(RuleWords.RecursiveLockingFormat, name, taken.Side, StackWalk.Where(StackWalk.FirstUserFrame(held.Trace))),
                Header + "       CPU0\n       ----\n" + $"  lock({name});\n  lock({name});\n" + Deadlock + "\n May be due to missing lock nesting notation\n",
                taken.Stack, "the acquisition that holds it", held.Stack)
            { Site = LockdepPlace.Of(taken), OtherSite = LockdepPlace.Of(held) };

        public static LockdepReport OrderInversion(Dependency d, List<Dependency> back, Witness current)
        {
            string reverse = string.Join(", then ", back.Select(b => $"'{b.To.Name}' is taken while '{b.From.Name}' is held in {b.Taken.Side}"));
            string a = d.From.Name, b = d.To.Name;
            string scenario = Header
                + "       CPU0                    CPU1\n       ----                    ----\n"
                + $"  lock({a});\n                               lock({b});\n                               lock({a});\n  lock({b});\n" + Deadlock;
            return new LockdepReport(RuleWords.LockOrderInversion, b,
                string.Format(RuleWords.LockOrderInversionFormat, b, a, d.Taken.Side, reverse),
                scenario, current.Stack, "the acquisition that made the opposite order", back[0].Taken.Stack)
            { OtherLockClass = a, Site = LockdepPlace.Of(d.Taken), OtherSite = LockdepPlace.Of(back[0].Taken) };
        }

        /// <summary>The chain runs from the irq-safe class (its first edge's source) to the irq-unsafe one (its last edge's target).</summary>
        public static LockdepReport SafeToUnsafe(List<Dependency> chain, string word, Witness safe, Witness unsafeSite, Witness current)
        {
            var closing = chain[chain.Count - 1];
            string outer = chain[0].From.Name, held = closing.From.Name, inner = closing.To.Name;
            string disable = word == "hardirq" ? "local_irq_disable();" : "local_bh_disable();";
            string scenario = Header
                + "       CPU0                    CPU1\n       ----                    ----\n"
                + $"  lock({inner});\n                               {disable}\n                               lock({outer});\n"
                + (chain.Count > 1 ? $"                               ... ({string.Join(" -> ", chain.Select(d => d.To.Name))})\n" : "")
                + $"                               lock({inner});\n  <Interrupt>\n    lock({outer});\n" + Deadlock;
            string through = chain.Count == 1 ? ""
                : $", which closes the chain {string.Join(" -> ", new[] { chain[0].From }.Concat(chain.Select(d => d.To)).Select(c => $"'{c.Name}'"))} ("
                  + string.Join("; ", chain.Take(chain.Count - 1).Select(d => $"'{d.To.Name}' is taken while '{d.From.Name}' is held at {StackWalk.Where(StackWalk.FirstUserFrame(d.Taken.Trace))}")) + ")";
            var other = current == safe ? closing.Taken : safe;
            return new LockdepReport(RuleWords.IrqSafeToUnsafe, inner,
                string.Format(RuleWords.IrqSafeToUnsafeFormat, inner, held, closing.Taken.Side, through, outer, word, safe.Side, unsafeSite.Side),
                scenario, current.Stack, other == safe ? $"the acquisition that made '{outer}' {word}-safe" : $"the acquisition of '{inner}' under '{held}'", other.Stack)
            { OtherLockClass = outer, Site = LockdepPlace.Of(closing.Taken), OtherSite = LockdepPlace.Of(unsafeSite), OtherSiteIsReenable = unsafeSite.IsReenable };
        }

        public static LockdepReport SleepInAtomic(CpuState cpu, HeldLock? holder, Witness w)
        {
            string why = RuleWords.Atomic(holder != null ? "SpinlockHeld"
                : cpu.Context == KernelContext.Hardirq ? "Hardirq"
                : cpu.IrqsDisabled ? "HardirqsOff"
                : cpu.BhDisableDepth > 0 ? "BhOff"
                : cpu.RcuReadDepth > 0 ? "RcuReadSide"
                : "Softirq", holder?.Class.Name);
            string state = $" BUG: sleeping function called from invalid context\n in_atomic(): 1, irqs_disabled(): {(cpu.IrqsDisabled ? 1 : 0)}, bh-disabled: {cpu.BhDisableDepth}, rcu-read: {cpu.RcuReadDepth}, context: {cpu.Context}\n";
            return new LockdepReport(RuleWords.SleepInAtomic, holder?.Class.Name,
                string.Format(RuleWords.SleepInAtomicFormat, w.Api, w.Api, why, w.Side),
                state, w.Stack, holder == null ? null : $"the acquisition of '{holder.Class.Name}' that made it atomic", holder?.Acquired.Stack)
            { Site = LockdepPlace.Of(w), OtherSite = LockdepPlace.Of(holder?.Acquired) };
        }

        public static LockdepReport NotHeld(string api, string? name, StackTrace trace) =>
            new LockdepReport(RuleWords.UnbalancedRelease, name,
                $"'{api}' in {StackWalk.Side(trace, LockdepValidator.Describe(CpuState.Current))}: it releases a lock that this CPU does not hold",
                " WARNING: bad unlock balance detected!\n", StackWalk.Format(trace), null, null)
            { Site = LockdepPlace.Of(trace) };

        public static LockdepReport VariantMismatch(string api, HeldLock h, StackTrace trace) =>
            new LockdepReport(RuleWords.UnbalancedRelease, h.Class.Name,
                $"'{api}' in {StackWalk.Side(trace, LockdepValidator.Describe(CpuState.Current))}: it releases a lock taken by '{h.Acquired.Api}' at {StackWalk.Where(StackWalk.FirstUserFrame(h.Acquired.Trace))}, whose release is {RuleWords.MatchingRelease(h.Acquired.Api)}; {RuleWords.MismatchedRelease(h.Variant.ToString())}",
                " WARNING: bad unlock balance detected!\n", StackWalk.Format(trace), "the acquisition", h.Acquired.Stack)
            { Site = LockdepPlace.Of(trace), OtherSite = LockdepPlace.Of(h.Acquired) };

        public static LockdepReport LeftOpen(HeldLock h, string context) =>
            new LockdepReport(RuleWords.UnbalancedRelease, h.Class.Name,
                $"'{h.Acquired.Api}' of lock '{h.Class.Name}' in {h.Acquired.Side}: the lock is still held when the {context} returns; release it with {RuleWords.MatchingRelease(h.Acquired.Api)} on every path, or mark the method [Acquires]",
                " WARNING: lock held when returning from the callback!\n", h.Acquired.Stack, null, null)
            { Site = LockdepPlace.Of(h.Acquired) };

        public static LockdepReport OutsideRcu(string pointer, string api, bool bh, Witness w) =>
            new LockdepReport(RuleWords.RcuDereferenceOutsideReadSide, null,
                string.Format(RuleWords.RcuDereferenceOutsideReadSideFormat, pointer, api, bh ? RuleWords.RcuBhReadSide : RuleWords.RcuReadSide, w.Side, RuleWords.RcuFreedWhileUsed),
                " WARNING: suspicious RCU usage\n rcu_dereference_check() used outside of an RCU read-side critical section\n", w.Stack, null, null)
            { Pointer = pointer, Site = LockdepPlace.Of(w) };

        /// <summary>The analyzer's LCA0010 words: "{what} without lock '{lock}' held{mode} in {side}: {consequence}".</summary>
        public static LockdepReport MustHold(string api, string lockName, string? pointer, bool exclusive, Witness w)
        {
            bool assert = api.StartsWith("LockdepAssertHeld", System.StringComparison.Ordinal);
            string what = assert ? $"{api} fails"
                : api == nameof(Kernel.RcuReplacePointer) ? $"{api} updates RCU pointer '{pointer}'"
                : $"{api} reads RCU pointer '{pointer}' on its update side";
            string mode = RuleWords.HeldMode(exclusive, api == nameof(Kernel.LockdepAssertHeldRead));
            return new LockdepReport(RuleWords.LockNotHeld, lockName,
                string.Format(RuleWords.LockNotHeldFormat, what, lockName, mode, w.Side, assert ? RuleWords.AssertCountsOnTheLock : RuleWords.UpdatersAtOnce),
                " WARNING: lock not held (lockdep_assert_held / lockdep_is_held)\n", w.Stack, null, null)
            { Pointer = assert ? null : pointer, Site = LockdepPlace.Of(w) };
        }

        private static string Where(bool inHardirq) => inHardirq ? "in hardirq context" : "with hardirqs disabled";

        private static string What(Witness w) => w.IsReenable ? $"{w.Api} call" : "acquisition";
    }
}
