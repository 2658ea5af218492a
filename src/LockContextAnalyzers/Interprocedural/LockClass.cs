using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// lockdep's lock class: the declaration that a lock comes from (a field or property), or the
    /// name a <c>[LockClass]</c> gives it. Interned per compilation so that ids compare cheaply.
    /// </summary>
    internal sealed class LockClass
    {
        internal LockClass(int id, string key, string name, Location? declaration)
        {
            Id = id;
            Key = key;
            Name = name;
            Declaration = declaration;
            Alone = System.Collections.Immutable.ImmutableArray.Create(this);
        }

        /// <summary>This class as a set of one: what a field's lock resolves to, made once (the walk asks on every visit).</summary>
        public System.Collections.Immutable.ImmutableArray<LockClass> Alone { get; }

        public int Id { get; }

        /// <summary>What identifies the class across compilations and assemblies: "decl:" and the member, "name:" and the <c>[LockClass]</c> name, "new:" and the creation site.</summary>
        public string Key { get; }

        /// <summary>What messages call it: <c>Type.field</c>, or the <c>[LockClass]</c> name.</summary>
        public string Name { get; }

        /// <summary>Where it is declared; when summaries are reused across an edit, possibly in an earlier version of that tree.</summary>
        public Location? Declaration { get; }

        public override string ToString() => Name;
    }

    /// <summary>Hands out one <see cref="LockClass"/> per key, from any thread. Ids identify, they do not order.</summary>
    internal sealed class LockClassTable
    {
        private readonly Dictionary<string, LockClass> byKey = new Dictionary<string, LockClass>();

        public LockClass Intern(string key, string name, Location? declaration)
        {
            lock (byKey)
            {
                if (byKey.TryGetValue(key, out var existing)) return existing;
                var created = new LockClass(byKey.Count, key, name, declaration);
                byKey.Add(key, created);
                return created;
            }
        }
    }
}
