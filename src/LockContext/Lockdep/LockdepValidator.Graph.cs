using System.Collections.Generic;

namespace LockContext
{
    /// <summary>What a new usage mark or a new dependency can complete: LCA0001, LCA0002, LCA0004, LCA0005.</summary>
    internal static partial class LockdepValidator
    {
        private static readonly (UsageMark In, UsageMark On, string Word)[] IrqKinds =
        {
            (UsageMark.InHardirq, UsageMark.HardirqOn, "hardirq"),
            (UsageMark.InSoftirq, UsageMark.SoftirqOn, "softirq"),
        };

        /// <summary>
        /// lockdep checks a mark when it is first set: an IN mark against the matching ON mark and
        /// back. Two reads never conflict (rwlock readers nest), so a read needs a write opposite.
        /// </summary>
        private static void SetMark(LockClassInfo c, UsageMark mark, bool read, Witness w, List<LockdepReport> reports)
        {
            if (!c.TrySet(mark, read, w)) return;
            foreach (var (inMark, onMark, word) in IrqKinds)
            {
                if (mark != inMark && mark != onMark) continue;
                var opposite = mark == inMark ? onMark : inMark;
                var other = c.MarkOf(opposite, false) ?? (read ? null : c.MarkOf(opposite, true));
                if (other != null)
                {
                    var (on, inContext) = mark == onMark ? (w, other) : (other, w);
                    bool hardirq = inMark == UsageMark.InHardirq;
                    // One finding per site: an ON site with irqs on, of a class also used in hardirq
                    // context, is LCA0002's (its irqsave fix covers both).
                    if (hardirq || !(on.HardirqOn && c.AnyMark(UsageMark.InHardirq) != null))
                        Add(reports, (hardirq ? "LCA0002:" : "LCA0001:") + c.Key,
                            LockdepText.InconsistentUsage(hardirq, c.Name, on, inContext, current: w));
                }
                // A new IN mark makes the class irq-safe for every lock taken under it; a new ON mark
                // makes it irq-unsafe under every lock it is taken in.
                if (mark == inMark) foreach (var d in c.After.Values) CheckSafeToUnsafe(d, w, reports);
                else foreach (var d in c.Before) CheckSafeToUnsafe(d, w, reports);
            }
        }

        private static void AddDependency(LockClassInfo from, LockClassInfo to, Witness taken, List<LockdepReport> reports)
        {
            if (from.After.ContainsKey(to)) return;
            var d = new Dependency(from, to, taken);
            from.After.Add(to, d);
            to.Before.Add(d);
            if (from.WriteAcquired && to.WriteAcquired && PathBack(to, from) is List<Dependency> back)
                Add(reports, $"LCA0004:{from.Key}->{to.Key}", LockdepText.OrderInversion(d, back, taken));
            CheckSafeToUnsafe(d, taken, reports);
        }

        /// <summary>
        /// lockdep's "irq-safe -> irq-unsafe": the outer class is used in that interrupt, the inner is
        /// taken with it enabled, and the inner's own uses do not conflict (then LCA0001/2 covers it).
        /// </summary>
        private static void CheckSafeToUnsafe(Dependency d, Witness current, List<LockdepReport> reports)
        {
            foreach (var (inMark, onMark, word) in IrqKinds)
            {
                var safe = d.From.AnyMark(inMark);
                var unsafeSite = d.To.AnyMark(onMark);
                // Where the inner class's own uses conflict, that is LCA0001/LCA0002's finding.
                if (safe == null || unsafeSite == null || Conflicting(d.To, inMark, onMark)) continue;
                // Readers share: the inner lock read under the outer one, and only read where the
                // interrupt is enabled, never makes the outer lock's holder wait.
                if (d.Taken.Read && unsafeSite.Read) continue;
                Add(reports, $"LCA0005:{d.From.Key}->{d.To.Key}", LockdepText.SafeToUnsafe(d, word, safe, unsafeSite, current));
                return;
            }
        }

        /// <summary>The class is used in the interrupt's context and taken with it enabled, not both as a reader.</summary>
        private static bool Conflicting(LockClassInfo c, UsageMark inMark, UsageMark onMark) =>
            (c.MarkOf(inMark, false) != null && c.AnyMark(onMark) != null) || (c.MarkOf(inMark, true) != null && c.MarkOf(onMark, false) != null);

        /// <summary>A path of dependencies from <paramref name="start"/> back to <paramref name="goal"/> through write-taken classes, breadth first.</summary>
        private static List<Dependency>? PathBack(LockClassInfo start, LockClassInfo goal)
        {
            var cameBy = new Dictionary<LockClassInfo, Dependency?> { [start] = null };
            var queue = new Queue<LockClassInfo>();
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                var c = queue.Dequeue();
                foreach (var d in c.After.Values)
                {
                    if (!d.To.WriteAcquired || cameBy.ContainsKey(d.To)) continue;
                    cameBy[d.To] = d;
                    if (d.To == goal)
                    {
                        var path = new List<Dependency>();
                        for (var step = d; step != null; step = cameBy[step.From]) path.Insert(0, step);
                        return path;
                    }
                    queue.Enqueue(d.To);
                }
            }
            return null;
        }
    }
}
