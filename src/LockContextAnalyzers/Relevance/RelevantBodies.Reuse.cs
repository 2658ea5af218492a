using System.Collections.Generic;
using System.Linq;

namespace LockContextAnalyzers.Relevance
{
    internal sealed partial class RelevantBodies
    {
        /// <summary>What the propagation ended with besides the bodies: what an edit's new names are checked against.</summary>
        private sealed class Fixpoint
        {
            public Fixpoint(HashSet<string> named, HashSet<string> stores, ISet<string> model)
            {
                Named = named;
                Stores = stores;
                Model = model;
            }

            /// <summary>Every name the propagation found relevant, the model's included.</summary>
            public HashSet<string> Named { get; }

            /// <summary>Every field, property and event name of the compilation.</summary>
            public HashSet<string> Stores { get; }

            public ISet<string> Model { get; }
        }

        /// <summary>
        /// This answer for these trees, when they say what it was computed from; else null. Kept
        /// with the new trees' names, so that it holds no replaced tree.
        /// </summary>
        /// <remarks>
        /// Beside trees with the same names, an edit inside bodies keeps the answer when it cannot
        /// move the propagation's least fixpoint (<see cref="KeepsAnswer"/>): swapping one lock
        /// form for another in a relevant body writes new names, but both are the model's.
        /// Checked against a fresh answer after random edits in <c>RelevanceReuseTests</c>.
        /// </remarks>
        public RelevantBodies? For(IReadOnlyList<TreeNames> trees)
        {
            if (trees.Count != names.Count) return null;
            bool same = true;
            for (int i = 0; i < trees.Count && same; i++) same = ReferenceEquals(trees[i], names[i]);
            if (same) return this;
            for (int i = 0; i < trees.Count; i++)
                if (!ReferenceEquals(trees[i], names[i]) && !KeepsAnswer(names[i], trees[i], byTree[i])) return null;
            return new RelevantBodies(byTree, trees, fixpoint);
        }

        // The same declarations, and every body that changed either stays out (it names nothing
        // relevant, invokes and uses what it did) or stays in on grounds that do not rest on the
        // answer itself: it keeps every name, invocation and construct it had (whichever made it
        // relevant), or names the model. A body that is in names the stores it mentions: a new
        // one must be named already, and one it no longer mentions may have been named only
        // through it.
        private bool KeepsAnswer(TreeNames before, TreeNames after, bool[] relevant)
        {
            if (!after.SameDeclarationsAs(before)) return false;
            for (int b = 0; b < before.Bodies.Length; b++)
            {
                var was = before.Bodies[b];
                var now = after.Bodies[b];
                if (ReferenceEquals(was, now) || now.SameAs(was)) continue;
                if (!now.SameRoleAs(was)) return false;
                if (!relevant[b])
                {
                    if (now.Uses != was.Uses || !TreeNames.Same(now.Invoked, was.Invoked) || now.Mentioned.Any(fixpoint.Named.Contains)) return false;
                    continue;
                }
                var kept = new HashSet<string>(now.Mentioned);
                bool keepsEvery = was.Mentioned.All(kept.Contains) && (was.Uses & ~now.Uses) == 0 && was.Invoked.All(now.Invoked.Contains);
                if (!keepsEvery && !now.Mentioned.Any(fixpoint.Model.Contains)) return false;
                if (was.Mentioned.Any(n => !kept.Contains(n) && fixpoint.Stores.Contains(n))) return false;
                if (now.Mentioned.Any(n => fixpoint.Stores.Contains(n) && !fixpoint.Named.Contains(n))) return false;
            }
            return true;
        }
    }
}
