using System.Collections.Generic;
using System.Linq;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// lockdep's backward half of <c>check_irq_usage</c>, over the whole dependency graph at once:
    /// for each lock class as it is held when it takes the next one, the irq-safe class (IN-HARDIRQ or
    /// IN-SOFTIRQ) that reaches it through a chain of dependencies, if any. A chain only counts where
    /// it is a "strong" path: a class taken by a reader (rwlock readers nest) and then held by a reader
    /// while the chain goes on passes nothing along, since a reader never waits for a reader. Read
    /// uses are masked as lockdep's <c>only_xr</c> masks them: a class held by a reader is made
    /// irq-safe only by a write use in that context.
    /// </summary>
    internal sealed class IrqSafeChains
    {
        // The state of a class as the holder of the next edge: (class, held by a reader there).
        private readonly Dictionary<(int Class, bool HeldRead), Origin> reached = new Dictionary<(int, bool), Origin>();

        private sealed class Origin
        {
            public Origin(MarkWitness? safe, LockEdge? via)
            {
                Safe = safe;
                Via = via;
            }

            /// <summary>The use in interrupt context, where the class itself is irq-safe.</summary>
            public MarkWitness? Safe { get; }

            /// <summary>Otherwise the edge into the class from an earlier class of the chain.</summary>
            public LockEdge? Via { get; }
        }

        /// <param name="inContext"><see cref="Mark.InHardirq"/> or <see cref="Mark.InSoftirq"/>.</param>
        public IrqSafeChains(LockAnalysis analysis, Mark inContext)
        {
            var marks = analysis.Marks;
            var work = new Queue<(int, bool)>();
            foreach (var c in analysis.Classes)
            {
                var uses = marks.Of(c, inContext);
                if (uses.Count == 0) continue;
                Reach((c.Id, false), new Origin(uses[0], null), work);
                if (uses.FirstOrDefault(w => !w.Read) is MarkWitness write) Reach((c.Id, true), new Origin(write, null), work);
            }
            if (work.Count == 0) return;

            var outgoing = new Dictionary<(int, bool), List<LockEdge>>();
            foreach (var e in analysis.Edges)
            {
                if (e.From.Id == e.To.Id) continue;
                var key = (e.From.Id, e.FromRead);
                if (!outgoing.TryGetValue(key, out var list)) outgoing[key] = list = new List<LockEdge>();
                list.Add(e);
            }
            // Breadth first, so each class gets the shortest chain.
            while (work.Count > 0)
            {
                if (!outgoing.TryGetValue(work.Dequeue(), out var edges)) continue;
                foreach (var e in edges)
                {
                    Reach((e.To.Id, false), new Origin(null, e), work);
                    // Taken by a reader, then held by a reader: no strong path goes through.
                    if (!e.ToRead) Reach((e.To.Id, true), new Origin(null, e), work);
                }
            }
        }

        private void Reach((int, bool) state, Origin origin, Queue<(int, bool)> work)
        {
            if (reached.ContainsKey(state)) return;
            reached[state] = origin;
            work.Enqueue(state);
        }

        /// <summary>
        /// The irq-safe use and the chain of edges from its class to <paramref name="edge"/>'s holder
        /// (empty when the holder itself is irq-safe), or null when no irq-safe class reaches it.
        /// </summary>
        public (MarkWitness Safe, IReadOnlyList<LockEdge> Chain)? Before(LockEdge edge)
        {
            if (!reached.TryGetValue((edge.From.Id, edge.FromRead), out var origin)) return null;
            var chain = new List<LockEdge>();
            while (origin.Via is LockEdge via)
            {
                chain.Add(via);
                origin = reached[(via.From.Id, via.FromRead)];
            }
            chain.Reverse();
            return (origin.Safe!, chain);
        }
    }
}
