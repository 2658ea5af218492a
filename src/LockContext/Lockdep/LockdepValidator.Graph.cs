using System.Collections.Generic;

using LockContext.Words;

namespace LockContext
{
    /// <summary>
    /// What a new usage mark or a new dependency can complete: LCA0001, LCA0002, LCA0004, LCA0005.
    /// Paths through the graph are lockdep's strong paths: a class taken by a reader and then held
    /// by a reader passes no wait along (rwlock readers nest), so such a path stops there.
    /// </summary>
    internal static partial class LockdepValidator
    {
        private static readonly (UsageMark In, UsageMark On, string Word)[] IrqKinds =
        {
            (UsageMark.InHardirq, UsageMark.HardirqOn, "hardirq"),
            (UsageMark.InSoftirq, UsageMark.SoftirqOn, "softirq"),
        };

        /// <summary>
        /// lockdep checks a mark when it is first set: an IN mark against the matching ON mark and
        /// back (mark_lock_irq's valid_state), then along the graph (check_usage_forwards/backwards).
        /// Two reads never conflict (rwlock readers nest), so a read needs a write opposite.
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
                        Add(reports, (hardirq ? RuleWords.HardirqUnsafeLock : RuleWords.SoftirqUnsafeLock) + ":" + c.Key,
                            LockdepText.InconsistentUsage(hardirq, c.Name, on, inContext, current: w));
                }
                // A new IN mark makes the class irq-safe for every lock taken under it, along any
                // chain; a new ON mark makes it irq-unsafe under every lock that leads to it.
                if (mark == inMark)
                {
                    if (UnsafeAhead(c, read, inMark, onMark, includeStart: false) is ({ } use, { } path))
                        Add(reports, $"{RuleWords.IrqSafeToUnsafe}:{c.Key}->{path[path.Count - 1].To.Key}", LockdepText.SafeToUnsafe(path, word, w, use, w));
                }
                else if (!Conflicting(c, inMark, onMark) && SafeBehind(c, read, inMark, includeStart: false) is ({ } safe, { } path))
                    Add(reports, $"{RuleWords.IrqSafeToUnsafe}:{path[0].From.Key}->{c.Key}", LockdepText.SafeToUnsafe(path, word, safe, w, w));
            }
        }

        /// <summary>A new dependency, or a known one taken with a new pair of read/write modes (lockdep keeps them as the edge's dep bits).</summary>
        private static void AddDependency(LockClassInfo from, bool fromRead, LockClassInfo to, Witness taken, List<LockdepReport> reports)
        {
            if (!from.TryAddDependency(to, fromRead, taken, out var d)) return;
            if (StrongPathBack(d) is List<Dependency> back)
                Add(reports, $"{RuleWords.LockOrderInversion}:{from.Key}->{to.Key}", LockdepText.OrderInversion(d, back, taken));
            foreach (var (inMark, onMark, word) in IrqKinds)
            {
                if (!(SafeBehind(from, fromRead, inMark, includeStart: true) is ({ } safe, { } before))) continue;
                if (!(UnsafeAhead(to, taken.Read, inMark, onMark, includeStart: true) is ({ } use, { } after))) continue;
                var path = new List<Dependency>(before) { d };
                path.AddRange(after);
                Add(reports, $"{RuleWords.IrqSafeToUnsafe}:{path[0].From.Key}->{path[path.Count - 1].To.Key}", LockdepText.SafeToUnsafe(path, word, safe, use, taken));
                return;
            }
        }

        /// <summary>The class is used in the interrupt's context and taken with it enabled, not both as a reader (then LCA0001/2 covers it).</summary>
        private static bool Conflicting(LockClassInfo c, UsageMark inMark, UsageMark onMark) =>
            (c.MarkOf(inMark, false) != null && c.AnyMark(onMark) != null) || (c.MarkOf(inMark, true) != null && c.MarkOf(onMark, false) != null);

        /// <summary>
        /// Backwards from <paramref name="start"/> (held by a reader when <paramref name="heldRead"/>):
        /// the first irq-safe use, and the dependencies from its class to the start. A class held by a
        /// reader on the way is made irq-safe only by a write use (lockdep's <c>only_xr</c>).
        /// </summary>
        private static (Witness Safe, List<Dependency> Path)? SafeBehind(LockClassInfo start, bool heldRead, UsageMark inMark, bool includeStart)
        {
            var root = (start, heldRead);
            var cameBy = new Dictionary<(LockClassInfo, bool), (Dependency Edge, (LockClassInfo, bool) Other)?> { [root] = null };
            var queue = new Queue<(LockClassInfo Class, bool HeldRead)>();
            queue.Enqueue(root);
            while (queue.Count > 0)
            {
                var s = queue.Dequeue();
                if ((includeStart || s != root) && (s.HeldRead ? s.Class.MarkOf(inMark, false) : s.Class.AnyMark(inMark)) is Witness safe)
                    return (safe, Unwind(cameBy, s)); // unwound from the safe class towards the start: already in order
                foreach (var d in s.Class.Before)
                {
                    if (d.ToRead && s.HeldRead) continue;
                    var previous = (d.From, d.FromRead);
                    if (cameBy.ContainsKey(previous)) continue;
                    cameBy[previous] = (d, s);
                    queue.Enqueue(previous);
                }
            }
            return null;
        }

        /// <summary>
        /// Forwards from <paramref name="start"/> (taken by a reader when <paramref name="takenRead"/>):
        /// the first irq-unsafe use of a class whose own uses do not conflict, and the dependencies
        /// from the start to it. A class taken by a reader is made irq-unsafe only by a write use.
        /// </summary>
        private static (Witness Use, List<Dependency> Path)? UnsafeAhead(LockClassInfo start, bool takenRead, UsageMark inMark, UsageMark onMark, bool includeStart)
        {
            Witness? use = null;
            var path = StrongPathForward(start, takenRead, includeStart, s =>
                !Conflicting(s.Class, inMark, onMark) && (use = s.TakenRead ? s.Class.MarkOf(onMark, false) : s.Class.AnyMark(onMark)) != null);
            return path == null ? null : (use!, path);
        }

        /// <summary>A strong path of dependencies from the new edge's target back to its source, breadth first: the cycle it closes.</summary>
        private static List<Dependency>? StrongPathBack(Dependency closing) =>
            StrongPathForward(closing.To, closing.ToRead, includeStart: false, s => s.Class == closing.From && !(s.TakenRead && closing.FromRead));

        /// <summary>
        /// Breadth first along strong paths from <paramref name="start"/> (taken by a reader when
        /// <paramref name="takenRead"/>) to the first class, as it was taken, that <paramref name="goal"/> accepts.
        /// </summary>
        private static List<Dependency>? StrongPathForward(LockClassInfo start, bool takenRead, bool includeStart,
            System.Func<(LockClassInfo Class, bool TakenRead), bool> goal)
        {
            var root = (start, takenRead);
            var cameBy = new Dictionary<(LockClassInfo, bool), (Dependency Edge, (LockClassInfo, bool) Other)?> { [root] = null };
            var queue = new Queue<(LockClassInfo Class, bool TakenRead)>();
            queue.Enqueue(root);
            while (queue.Count > 0)
            {
                var s = queue.Dequeue();
                if ((includeStart || s != root) && goal(s))
                {
                    var path = Unwind(cameBy, s);
                    path.Reverse();
                    return path;
                }
                foreach (var d in s.Class.After)
                {
                    if (s.TakenRead && d.FromRead) continue;
                    var next = (d.To, d.ToRead);
                    if (cameBy.ContainsKey(next)) continue;
                    cameBy[next] = (d, s);
                    queue.Enqueue(next);
                }
            }
            return null;
        }

        /// <summary>The edges a search followed to reach <paramref name="state"/>, from it back to the search's start.</summary>
        private static List<Dependency> Unwind(Dictionary<(LockClassInfo, bool), (Dependency Edge, (LockClassInfo, bool) Other)?> cameBy, (LockClassInfo, bool) state)
        {
            var path = new List<Dependency>();
            for (var step = cameBy[state]; step != null; step = cameBy[step.Value.Other]) path.Add(step.Value.Edge);
            return path;
        }
    }
}
