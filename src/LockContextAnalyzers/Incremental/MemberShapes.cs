using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.Relevance;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>A tree's declarations member by member (<see cref="DeclarationShape.Members"/>).</summary>
    internal sealed class MemberShapes
    {
        /// <summary>The name given to constructors, destructors, indexers and operators: code reaches them without naming them.</summary>
        public const string Nameless = "<nameless>";

        private readonly Dictionary<string, ulong> byName = new Dictionary<string, ulong>(System.StringComparer.Ordinal);

        /// <summary>A hash of every declaration token outside members: usings, namespaces, type headers, nested types, delegates.</summary>
        public ulong Outside { get; set; } = 14695981039346656037UL;

        public void Add(string name, ulong hash)
        {
            // Overloads share a name: their hashes are summed, so order does not matter and any change shows.
            byName[name] = byName.TryGetValue(name, out var known) ? unchecked(known + hash) : hash;
        }

        /// <summary>
        /// The names whose declarations differ between the two versions (added, removed or changed),
        /// or null when the difference is not one of named members: anything outside members, or a
        /// member code reaches without its name.
        /// </summary>
        public static HashSet<string>? ChangedNames(MemberShapes before, MemberShapes after)
        {
            if (before.Outside != after.Outside) return null;
            var changed = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var name in before.byName.Keys.Union(after.byName.Keys))
            {
                before.byName.TryGetValue(name, out var a);
                after.byName.TryGetValue(name, out var b);
                if (a == b && before.byName.ContainsKey(name) == after.byName.ContainsKey(name)) continue;
                if (name == Nameless || RelevantBodies.IsCalledWithoutItsName(name)) return null;
                changed.Add(name);
            }
            return changed;
        }
    }
}
