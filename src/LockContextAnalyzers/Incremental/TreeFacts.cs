using System;
using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// What the walk of one tree adds to the <see cref="CompilationIndex"/>, written down in order
    /// and added later. Trees are walked on several threads, but their facts go into the index
    /// one tree at a time in the compilation's tree order, so the index (the order of summaries,
    /// of delegates per store, and so which witness a message names) never depends on scheduling.
    /// The facts are kept by body, so that an edit elsewhere that only some bodies can see re-walks
    /// those and copies the others' facts (<see cref="SummaryCache.Reusable"/>).
    /// </summary>
    internal sealed class TreeFacts
    {
        // In the order the walk found them; each one both adds itself to the index and is read, as
        // data, by the fingerprint.
        private readonly List<Fact> facts = new List<Fact>();

        // Where each walked body's facts start in the list, by the body's position in Bodies.Of,
        // and the compilation it was walked in (whose symbols its facts hold).
        private readonly List<(int Body, int Start, Compilation From)> bodies = new List<(int, int, Compilation)>();

        public TreeFacts(bool[]? walked)
        {
            Walked = walked;
        }

        /// <summary>Which of the tree's bodies were walked (<see cref="RelevantBodies"/>); null: all.</summary>
        public bool[]? Walked { get; }

        /// <summary>Nothing was learnt from the tree (no body, no store, no delegate).</summary>
        public bool IsEmpty => facts.Count == 0;

        /// <summary>
        /// The compilations these facts keep alive (their symbols, and the bodies' marks): those the
        /// bodies were walked in, this one or, for bodies copied, earlier ones.
        /// </summary>
        public IReadOnlyList<Compilation> Sources
        {
            get
            {
                var sources = new List<Compilation>(2); // one or two, rarely more
                foreach (var body in bodies)
                    if (!sources.Contains(body.From)) sources.Add(body.From);
                return sources;
            }
        }

        /// <summary>The facts that follow are the body's at this position in <c>Bodies.Of</c> (in increasing order), walked in that compilation.</summary>
        public void BeginBody(int body, Compilation walkedIn) => bodies.Add((body, facts.Count, walkedIn));

        /// <summary>The facts an earlier walk of the same tree found in this body, taken as they are.</summary>
        public void CopyBody(TreeFacts from, int body)
        {
            int at = from.IndexOfBody(body);
            if (at < 0) return; // not walked then: no facts
            bodies.Add((body, facts.Count, from.bodies[at].From));
            int end = at + 1 < from.bodies.Count ? from.bodies[at + 1].Start : from.facts.Count;
            for (int i = from.bodies[at].Start; i < end; i++) facts.Add(from.facts[i]);
        }

        public void Add(MethodSummary summary) => facts.Add(new Summary(summary));

        public void AddLocalValue(BodySymbol local, LockRef value) => facts.Add(new LocalValue(local, value));

        /// <param name="store">A field, property or local as the facts keep it (a symbol or a <see cref="BodySymbol"/>).</param>
        public void AddStoredValue(object store, ITypeSymbol? createdType) => facts.Add(new StoredValue(store, createdType));

        public void AddModeValue(object store, HrtimerModeKnowledge value) => facts.Add(new ModeValue(store, value));

        /// <param name="target">A method, or a lambda's or local function's summary.</param>
        public void AddDelegate(object target, ITypeSymbol? type, object? store) => facts.Add(new DelegateValue(target, type, store));

        public void AddTo(CompilationIndex index)
        {
            foreach (var fact in facts) fact.AddTo(index);
        }

        /// <summary>
        /// Whether these facts are the earlier walk's with the same keys, fact by fact
        /// (<see cref="FactsMatch"/>, which records the pairs); what the facts hold beyond their keys
        /// (a summary's acquisitions, a local's lock) may differ.
        /// </summary>
        public bool SameKeysAs(TreeFacts earlier, FactsMatch match)
        {
            if (facts.Count != earlier.facts.Count) return false;
            for (int i = 0; i < facts.Count; i++)
                if (!ReferenceEquals(facts[i], earlier.facts[i]) && !facts[i].SameKeys(earlier.facts[i], match))
                    return false;
            return true;
        }

        /// <summary>Puts these facts into a copy of the index the earlier ones were added to, each in its pair's place (<see cref="SameKeysAs"/> first).</summary>
        public void SwapInto(TreeFacts earlier, CompilationIndex index)
        {
            for (int i = 0; i < facts.Count; i++)
                if (!ReferenceEquals(facts[i], earlier.facts[i])) facts[i].Swap(earlier.facts[i], index);
            // A local's values are the new facts' alone, added once every old local is forgotten.
            for (int i = 0; i < facts.Count; i++)
                if (!ReferenceEquals(facts[i], earlier.facts[i]) && facts[i] is LocalValue value) value.AddTo(index);
        }

        private string? fingerprint;
        private bool fingerprinted;

        /// <summary>
        /// Everything these facts say, with places as lines and columns (<see cref="FactsFingerprint"/>);
        /// null when some fact cannot be written out. Read only after the walk; computed once.
        /// </summary>
        public string? Fingerprint
        {
            get
            {
                lock (facts)
                {
                    if (fingerprinted) return fingerprint;
                    try { fingerprint = FactsFingerprint.Of(facts.Cast<object?>().Prepend(Walked)); }
                    catch (NotSupportedException) { fingerprint = null; }
                    fingerprinted = true;
                    return fingerprint;
                }
            }
        }

        // Bodies are recorded in increasing order: a binary search.
        private int IndexOfBody(int body)
        {
            int lo = 0, hi = bodies.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                if (bodies[mid].Body == body) return mid;
                if (bodies[mid].Body < body) lo = mid + 1; else hi = mid - 1;
            }
            return -1;
        }

        private abstract class Fact
        {
            public abstract void AddTo(CompilationIndex index);

            /// <summary>The same kind of fact as the earlier walk's at this place, with the same keys.</summary>
            public abstract bool SameKeys(Fact earlier, FactsMatch match);

            /// <summary>Takes the earlier fact's place in a copy of the index it was added to.</summary>
            public abstract void Swap(Fact earlier, CompilationIndex index);
        }

        private sealed class Summary : Fact
        {
            public Summary(MethodSummary method) { Method = method; }
            public MethodSummary Method { get; }
            public override void AddTo(CompilationIndex index) => index.Add(Method);
            public override bool SameKeys(Fact earlier, FactsMatch match) => earlier is Summary e && match.SameSummary(e.Method, Method);
            public override void Swap(Fact earlier, CompilationIndex index) => index.SwapSummary(((Summary)earlier).Method, Method);
        }

        private sealed class LocalValue : Fact
        {
            public LocalValue(BodySymbol local, LockRef value) { Local = local; Value = value; }
            public BodySymbol Local { get; }
            public LockRef Value { get; }
            public override void AddTo(CompilationIndex index) => index.AddLocalValue(Local, Value);
            public override bool SameKeys(Fact earlier, FactsMatch match) => earlier is LocalValue e && match.Same(e.Local, Local);
            public override void Swap(Fact earlier, CompilationIndex index) => index.ForgetLocal(((LocalValue)earlier).Local);
        }

        private sealed class StoredValue : Fact
        {
            public StoredValue(object store, ITypeSymbol? createdType) { Store = store; CreatedType = createdType; }
            public object Store { get; }
            public ITypeSymbol? CreatedType { get; }
            public override void AddTo(CompilationIndex index) => index.AddStoredValue(Store, CreatedType);

            public override bool SameKeys(Fact earlier, FactsMatch match) =>
                earlier is StoredValue e && match.Same(e.Store, Store) && match.Same(e.CreatedType, CreatedType);

            public override void Swap(Fact earlier, CompilationIndex index) =>
                index.SwapStore(((StoredValue)earlier).Store, Store, ((StoredValue)earlier).CreatedType, CreatedType);
        }

        private sealed class ModeValue : Fact
        {
            public ModeValue(object store, HrtimerModeKnowledge value) { Store = store; Value = value; }
            public object Store { get; }
            public HrtimerModeKnowledge Value { get; }
            public override void AddTo(CompilationIndex index) => index.AddModeValue(Store, Value);
            public override bool SameKeys(Fact earlier, FactsMatch match) => earlier is ModeValue e && e.Value == Value && match.Same(e.Store, Store);
            public override void Swap(Fact earlier, CompilationIndex index) => index.SwapModeStore(((ModeValue)earlier).Store, Store);
        }

        private sealed class DelegateValue : Fact
        {
            public DelegateValue(object target, ITypeSymbol? type, object? store) { Target = target; Type = type; Store = store; }
            public object Target { get; }
            public ITypeSymbol? Type { get; }
            public object? Store { get; }
            public override void AddTo(CompilationIndex index) => index.AddDelegate(Target, Type, Store);

            public override bool SameKeys(Fact earlier, FactsMatch match) =>
                earlier is DelegateValue e && match.Same(e.Target, Target) && match.Same(e.Type, Type) && match.Same(e.Store, Store);

            public override void Swap(Fact earlier, CompilationIndex index)
            {
                var e = (DelegateValue)earlier;
                index.SwapDelegate(e.Target, Target, e.Type, Type, e.Store, Store);
            }
        }
    }
}
