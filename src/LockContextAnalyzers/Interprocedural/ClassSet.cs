using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// The lock classes one method may take (<see cref="TransitiveAcquisitions"/>), each with the
    /// acquisition and the callee to follow towards it, in the order they were added. Most sets
    /// hold a few classes: a list searched by class ID, indexed by a map only past
    /// <see cref="Indexed"/> entries. A dictionary per method was a third of what the walk allocated.
    /// </summary>
    internal sealed class ClassSet
    {
        private const int Indexed = 8;
        private readonly List<(int Id, LockClass Class, Acquisition Taken, MethodSummary? Next)> entries;
        private Dictionary<int, int>? index;

        public ClassSet() : this(2) { }

        /// <param name="capacity">What the set will hold at least: a caller's set made for a callee's gets all of it.</param>
        public ClassSet(int capacity)
        {
            entries = new List<(int, LockClass, Acquisition, MethodSummary?)>(capacity);
        }

        public int Count => entries.Count;

        public (int Id, LockClass Class, Acquisition Taken, MethodSummary? Next) this[int i] => entries[i];

        public bool Contains(int id) => IndexOf(id) >= 0;

        /// <summary>Adds the class unless it is there already (the first way found is kept).</summary>
        public bool TryAdd(LockClass c, Acquisition taken, MethodSummary? next)
        {
            if (Contains(c.Id)) return false;
            entries.Add((c.Id, c, taken, next));
            if (index != null) index[c.Id] = entries.Count - 1;
            else if (entries.Count > Indexed)
            {
                index = new Dictionary<int, int>(System.Math.Max(entries.Capacity, entries.Count * 2));
                for (int i = 0; i < entries.Count; i++) index[entries[i].Id] = i;
            }
            return true;
        }

        public bool TryGetNext(int id, out MethodSummary? next)
        {
            int i = IndexOf(id);
            next = i >= 0 ? entries[i].Next : null;
            return i >= 0;
        }

        private int IndexOf(int id)
        {
            if (index != null) return index.TryGetValue(id, out int at) ? at : -1;
            for (int i = 0; i < entries.Count; i++) if (entries[i].Id == id) return i;
            return -1;
        }
    }
}
