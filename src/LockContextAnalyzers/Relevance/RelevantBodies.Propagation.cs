using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace LockContextAnalyzers.Relevance
{
    internal sealed partial class RelevantBodies
    {
        /// <summary>
        /// The least fixpoint of the rules in <see cref="RelevantBodies"/>, reading a tree's bodies only
        /// when its text (<see cref="TextSignals"/>) says one of them may be relevant: it has a relevant
        /// name, a construct that calls a relevant member unnamed, or maybe a delegate's call. A tree
        /// read late is checked against everything found so far, so the answer is the one reading
        /// every tree first would give.
        /// </summary>
        private sealed class Propagation
        {
            private readonly IReadOnlyList<TreeNames> trees;
            private readonly CancellationToken ct;
            private readonly HashSet<string> stores = new HashSet<string>(StringComparer.Ordinal);
            private readonly HashSet<string> invocableStores = new HashSet<string>(StringComparer.Ordinal);
            private HashSet<int>? invocableHashes;
            private readonly Dictionary<string, List<(int Tree, int Body)>> mentions = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
            private readonly Dictionary<int, List<int>> unreadByWord = new Dictionary<int, List<int>>();
            private readonly bool[] read;
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
                read = new bool[trees.Count];
                Relevant = trees.Select(t => new bool[t.BodyCount]).ToArray();
                for (int t = 0; t < trees.Count; t++)
                {
                    var tree = trees[t];
                    stores.UnionWith(tree.Stores);
                    invocableStores.UnionWith(tree.InvocableStores);
                    foreach (var (type, bases) in tree.Types)
                        foreach (var b in bases) Add(derived, b, type);
                    foreach (var (alias, target) in tree.Aliases) Add(aliases, target, alias);
                    for (int b = 0; b < tree.BodyCount; b++)
                        if (tree.Constructs[b] is string type) Add(constructors, type, (t, b));
                    // A tree read already (by an edit's reuse check) costs nothing more to index exactly.
                    if (tree.IsRead || tree.Signals == null) Read(t);
                    else foreach (var word in tree.Signals.Words) Add(unreadByWord, word, t);
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
                    // A missing identifier (code being typed) has an empty name, which no text shows.
                    if (name.Length == 0) for (int t = 0; t < trees.Count; t++) Read(t);
                    // By index: marking reads trees, which can add to this very list (more bodies naming it).
                    if (mentions.TryGetValue(name, out var bodies)) for (int k = 0; k < bodies.Count; k++) Mark(bodies[k]);
                    if (unreadByWord.TryGetValue(TextSignals.Hash(name), out var unread)) foreach (var t in unread) Read(t);
                    if (aliases.TryGetValue(name, out var aliasNames)) foreach (var a in aliasNames) Name(a);
                    if (implicitByName.TryGetValue(name, out var by)) Enable(by);
                }
                if (everything) foreach (var r in Relevant) for (int i = 0; i < r.Length; i++) r[i] = true;
            }

            // A tree's bodies enter the index when first read, and those that already meet a rule are marked.
            [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
            private void Read(int t)
            {
                if (read[t]) return;
                read[t] = true;
                ct.ThrowIfCancellationRequested();
                var bodies = trees[t].Bodies;
                for (int b = 0; b < bodies.Length; b++)
                {
                    var body = bodies[b];
                    bool named = false;
                    foreach (var name in body.Mentioned)
                    {
                        Add(mentions, name, (t, b));
                        named |= names.Contains(name);
                    }
                    if (named || (body.Uses & scanned) != 0
                        || ((scanned & ImplicitCalls.DelegateInvoke) != 0 && AnyIn(body.Invoked, invocableStores)))
                        Mark((t, b));
                }
            }

            private void Mark((int Tree, int Body) at)
            {
                Read(at.Tree);
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
                {
                    if (!read[t])
                    {
                        // Read (and checked against every construct enabled so far) when its text may use one.
                        var text = trees[t].Signals!;
                        if ((text.MayUse & fresh) != 0 || ((fresh & ImplicitCalls.DelegateInvoke) != 0 && InvokesAStore(text))) Read(t);
                        continue;
                    }
                    var bodies = trees[t].Bodies;
                    for (int b = 0; b < bodies.Length; b++)
                    {
                        var body = bodies[b];
                        if ((body.Uses & fresh) != 0
                            || ((fresh & ImplicitCalls.DelegateInvoke) != 0 && AnyIn(body.Invoked, invocableStores)))
                            Mark((t, b));
                    }
                }
            }

            private bool InvokesAStore(TextSignals text)
            {
                invocableHashes ??= new HashSet<int>(invocableStores.Select(TextSignals.Hash));
                foreach (var word in text.Invoked)
                    if (invocableHashes.Contains(word)) return true;
                return false;
            }

            private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
            {
                if (!map.TryGetValue(key, out var list)) map[key] = list = new List<TValue>();
                list.Add(value);
            }
        }
    }
}
