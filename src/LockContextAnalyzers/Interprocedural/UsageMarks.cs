using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>The marks of every lock class, each with every distinct site that set it, in discovery order.</summary>
    internal sealed class UsageMarks
    {
        private readonly Dictionary<(int Class, Mark Mark), List<MarkWitness>> witnesses = new Dictionary<(int, Mark), List<MarkWitness>>();
        private readonly HashSet<(int Class, Mark Mark, bool Read, Location Site, object? Alternatives)> seen =
            new HashSet<(int, Mark, bool, Location, object?)>();

        /// <summary>Whether a witness of this class, mark and site is already kept for these alternatives (then <see cref="Add"/> would drop it).</summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public bool Has(LockClass c, Mark mark, bool read, Location site, CallPath path) =>
            seen.Contains((c.Id, mark, read, site, path.Entry.Context.Alternatives));

        /// <summary>Keeps the first witness per site, and one more per set of alternative contexts.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public void Add(MarkWitness w)
        {
            if (!seen.Add((w.Class.Id, w.Mark, w.Read, w.Location, w.CallPath.Entry.Context.Alternatives))) return;
            var key = (w.Class.Id, w.Mark);
            if (!witnesses.TryGetValue(key, out var list)) witnesses[key] = list = new List<MarkWitness>();
            list.Add(w);
        }

        public IReadOnlyList<MarkWitness> Of(LockClass c, Mark mark) =>
            witnesses.TryGetValue((c.Id, mark), out var list) ? list : (IReadOnlyList<MarkWitness>)System.Array.Empty<MarkWitness>();

        /// <summary>
        /// Every site that is <paramref name="on"/> for a class that is also <paramref name="inContext"/>,
        /// each paired with the first conflicting in-context witness. Two reads never conflict
        /// (rwlock readers nest), so a read on one side needs a write on the other.
        /// </summary>
        public IEnumerable<(MarkWitness On, MarkWitness In)> Conflicts(IReadOnlyList<LockClass> classes, Mark inContext, Mark on)
        {
            foreach (var c in classes)
            {
                var ins = Of(c, inContext);
                if (ins.Count == 0) continue;
                foreach (var onSite in Of(c, on))
                {
                    foreach (var inSite in ins)
                    {
                        if (onSite.Read && inSite.Read) continue;
                        var alternatives = onSite.CallPath.Entry.Context.Alternatives;
                        if (alternatives != null && alternatives == inSite.CallPath.Entry.Context.Alternatives) continue;
                        yield return (onSite, inSite);
                        break;
                    }
                }
            }
        }
    }
}
