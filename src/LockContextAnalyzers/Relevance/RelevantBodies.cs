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

        private sealed class Propagation
        {
            private readonly IReadOnlyList<TreeNames> trees;
            private readonly CancellationToken ct;
            private readonly HashSet<string> stores = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> invocableStores = new HashSet<string>(StringComparer.Ordinal);
            private readonly Dictionary<string, List<(int Tree, int Body)>> mentions = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
            private readonly Dictionary<string, List<string>> derived = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            private readonly Dictionary<string, List<(int Tree, int Body)>> constructors = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
            private readonly Dictionary<string, List<string>> aliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            private readonly Dictionary<string, ImplicitCalls> implicitByName = ImplicitNames.ToDictionary(p => p.Name, p => p.By, StringComparer.Ordinal);
            private readonly HashSet<string> names = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> constructed = new HashSet<string>(StringComparer.Ordinal);
            private readonly Queue<string> pendingNames = new Queue<string>();
            private readonly Queue<(int Tree, int Body)> pendingBodies = new Queue<(int, int)>();
            private ImplicitCalls enabled;
            private ImplicitCalls scanned;
            private bool everything;

            [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
            public Propagation(IReadOnlyList<TreeNames> trees, CancellationToken ct)
            {
                this.trees = trees;
                this.ct = ct;
                Relevant = trees.Select(t => new bool[t.Bodies.Length]).ToArray();
                for (int t = 0; t < trees.Count; t++)
                {
                    var tree = trees[t];
                    stores.UnionWith(tree.Stores);
                    invocableStores.UnionWith(tree.InvocableStores);
                    foreach (var (type, bases) in tree.Types)
                        foreach (var b in bases) Add(derived, b, type);
                    foreach (var (alias, target) in tree.Aliases) Add(aliases, target, alias);
                    for (int b = 0; b < tree.Bodies.Length; b++)
                    {
                        foreach (var name in tree.Bodies[b].Mentioned) Add(mentions, name, (t, b));
                        if (tree.Bodies[b].ConstructorOf is string type) Add(constructors, type, (t, b));
                    }
                }
            }

            public bool[][] Relevant { get; }

            /// <summary>Every name found relevant, the model's included.</summary>
            public HashSet<string> Named => names;

            public HashSet<string> Stores => stores;

            public void Name(string name)
            {
                if (names.Add(name)) pendingNames.Enqueue(name);
            }

            [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
            public void Drain()
            {
                while (pendingNames.Count > 0 || pendingBodies.Count > 0)
                {
                    ct.ThrowIfCancellationRequested();
                    if (everything) { foreach (var r in Relevant) for (int i = 0; i < r.Length; i++) r[i] = true; return; }
                    if (pendingBodies.Count > 0) { Body(pendingBodies.Dequeue()); continue; }
                    var name = pendingNames.Dequeue();
                    if (mentions.TryGetValue(name, out var bodies)) foreach (var b in bodies) Mark(b);
                    if (aliases.TryGetValue(name, out var aliasNames)) foreach (var a in aliasNames) Name(a);
                    if (implicitByName.TryGetValue(name, out var by)) Enable(by);
                }
                if (everything) foreach (var r in Relevant) for (int i = 0; i < r.Length; i++) r[i] = true;
            }

            private void Mark((int Tree, int Body) at)
            {
                if (Relevant[at.Tree][at.Body]) return;
                Relevant[at.Tree][at.Body] = true;
                pendingBodies.Enqueue(at);
            }

            private void Body((int Tree, int Body) at)
            {
                var body = trees[at.Tree].Bodies[at.Body];
                // Anything relevant may be a delegate's target, so every body that may invoke one is relevant too.
                Enable(ImplicitCalls.DelegateInvoke);
                foreach (var export in body.Exports) Name(export);
                foreach (var name in body.Mentioned) if (stores.Contains(name)) Name(name);
                if (body.ConstructorOf != null) Constructed(body.ConstructorOf);
                if (body.IsIndexer) Enable(ImplicitCalls.ElementAccess);
                if (body.IsOperator) everything = true;
            }

            // A relevant constructor runs on `new T()`, on `new()`, and from every derived type's constructors.
            [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
            private void Constructed(string type)
            {
                if (!constructed.Add(type)) return;
                Name(type);
                Enable(ImplicitCalls.TargetTypedNew);
                if (constructors.TryGetValue(type, out var bodies)) foreach (var b in bodies) Mark(b);
                if (derived.TryGetValue(type, out var subtypes)) foreach (var d in subtypes) Constructed(d);
            }

            [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
            private void Enable(ImplicitCalls calls)
            {
                enabled |= calls;
                var fresh = enabled & ~scanned;
                if (fresh == ImplicitCalls.None) return;
                scanned |= fresh;
                for (int t = 0; t < trees.Count; t++)
                    for (int b = 0; b < trees[t].Bodies.Length; b++)
                    {
                        var body = trees[t].Bodies[b];
                        if ((body.Uses & fresh) != 0
                            || ((fresh & ImplicitCalls.DelegateInvoke) != 0 && AnyIn(body.Invoked, invocableStores)))
                            Mark((t, b));
                    }
            }

            private static void Add<TValue>(Dictionary<string, List<TValue>> map, string key, TValue value)
            {
                if (!map.TryGetValue(key, out var list)) map[key] = list = new List<TValue>();
                list.Add(value);
            }
        }
    }
}
