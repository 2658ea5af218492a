using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.Interprocedural;

namespace LockContextAnalyzers.Relevance
{
    /// <summary>
    /// Which bodies the analysis must bind, decided from syntax before any binding. Binding is
    /// most of the analysis' cost, and in a project that uses the model in a few files most
    /// bodies can neither reach the model nor be reached from it in a way that matters.
    /// </summary>
    /// <remarks>
    /// A body is relevant when its declaration names the model (a call, a type, a context or
    /// contract attribute, a member declared with a model type), or names something relevant:
    /// a relevant method, property or event, the type of a relevant constructor, a field or
    /// property that a relevant body uses (so every store into it is seen, which call narrowing
    /// and delegate resolution rely on). Members reached without their name count too: a
    /// constructor chained to by a derived type or run by <c>new()</c>, an indexer by element
    /// access, <c>Dispose</c> by <c>using</c> or <c>foreach</c>, and so on (<see cref="ImplicitCalls"/>);
    /// a body that may invoke a delegate is relevant whenever anything is, since the delegate
    /// can be a relevant lambda; a relevant user-defined operator makes every body relevant.
    /// Names are compared as text, so a name shared by an unrelated member only binds more.
    /// What is left out is a body that can reach nothing relevant and that nothing relevant
    /// reaches or reads from: its summary would hold no lock, sleep or registration, and no fact
    /// a relevant summary depends on. Checked against the whole analysis in
    /// <c>RelevanceTests</c> (random programs and mixed projects, equal findings).
    /// </remarks>
    internal sealed partial class RelevantBodies
    {
        private static readonly (string Name, ImplicitCalls By)[] ImplicitNames =
        {
            ("GetEnumerator", ImplicitCalls.Foreach), ("MoveNext", ImplicitCalls.Foreach), ("Current", ImplicitCalls.Foreach),
            ("GetAsyncEnumerator", ImplicitCalls.Foreach), ("MoveNextAsync", ImplicitCalls.Foreach),
            ("Dispose", ImplicitCalls.Foreach | ImplicitCalls.Using), ("DisposeAsync", ImplicitCalls.Foreach | ImplicitCalls.Using),
            ("GetAwaiter", ImplicitCalls.Await), ("GetResult", ImplicitCalls.Await), ("IsCompleted", ImplicitCalls.Await),
            ("OnCompleted", ImplicitCalls.Await), ("UnsafeOnCompleted", ImplicitCalls.Await),
            ("Deconstruct", ImplicitCalls.Deconstruction),
            ("Add", ImplicitCalls.CollectionInit),
            ("Select", ImplicitCalls.Query), ("SelectMany", ImplicitCalls.Query), ("Where", ImplicitCalls.Query), ("Join", ImplicitCalls.Query),
            ("GroupJoin", ImplicitCalls.Query), ("OrderBy", ImplicitCalls.Query), ("OrderByDescending", ImplicitCalls.Query),
            ("ThenBy", ImplicitCalls.Query), ("ThenByDescending", ImplicitCalls.Query), ("GroupBy", ImplicitCalls.Query), ("Cast", ImplicitCalls.Query),
            ("Slice", ImplicitCalls.ElementAccess), ("Length", ImplicitCalls.ElementAccess), ("Count", ImplicitCalls.ElementAccess),
            ("AppendLiteral", ImplicitCalls.Interpolation), ("AppendFormatted", ImplicitCalls.Interpolation),
            ("GetPinnableReference", ImplicitCalls.Fixed),
        };

        /// <summary>A member name that syntax can call without writing it (<c>Dispose</c> by <c>using</c>, <c>Add</c> by an initializer...).</summary>
        public static bool IsCalledWithoutItsName(string name) => ImplicitNames.Any(p => p.Name == name) || name == "Invoke";

        private readonly bool[][] byTree;

        private readonly IReadOnlyList<TreeNames> names;

        private readonly Fixpoint fixpoint;

        private RelevantBodies(bool[][] byTree, IReadOnlyList<TreeNames> names, Fixpoint fixpoint)
        {
            this.byTree = byTree;
            this.names = names;
            this.fixpoint = fixpoint;
        }

        public bool[] Of(int tree) => byTree[tree];

        /// <param name="modelNames">Every name by which code can touch the model: its calls, types and attributes.</param>
        public static RelevantBodies Compute(IReadOnlyList<TreeNames> trees, IReadOnlyCollection<string> modelNames, CancellationToken ct)
        {
            var model = modelNames as ISet<string> ?? new HashSet<string>(modelNames, StringComparer.Ordinal);
            var run = new Propagation(trees, ct);
            foreach (var name in model) run.Name(name);
            foreach (var tree in trees)
                foreach (var (member, typeNames) in tree.TypedMembers)
                    if (AnyIn(typeNames, model)) run.Name(member);
            run.Drain();
            return new RelevantBodies(run.Relevant, trees, new Fixpoint(run.Named, run.Stores, model));
        }

        // Asked for every member and, once, for every body: a loop, not LINQ's Any with a delegate made per call.
        private static bool AnyIn(string[] names, ISet<string> set)
        {
            foreach (var name in names)
                if (set.Contains(name)) return true;
            return false;
        }
    }
}
