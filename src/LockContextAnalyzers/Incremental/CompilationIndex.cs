using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// What the summaries of one compilation add up to: every summary by method, lock classes,
    /// the values assigned to lock locals, and every delegate created with where it was stored.
    /// Answers the engine's call-graph questions (<see cref="ICallResolver"/>). Filled by one thread
    /// from <see cref="TreeFacts"/>; the lookups the walks make while trees are walked in parallel
    /// (<see cref="ClassOf"/>, <see cref="ClassOfCreation"/>, <see cref="AttributesOf"/>,
    /// <see cref="DeclaredContext"/>) are safe from any thread.
    /// </summary>
    internal sealed partial class CompilationIndex : ICallResolver
    {
        private readonly KernelApi api;
        private readonly IEqualityComparer<ISymbol> symbols;
        private readonly List<MethodSummary> summaries = new List<MethodSummary>();
        private Dictionary<IMethodSymbol, List<MethodSummary>> byMethod;
        private Dictionary<BodySymbol, List<LockRef>> localValues = new Dictionary<BodySymbol, List<LockRef>>();
        // Stores are symbols or stand-ins (BodySymbol); a delegate's target a method or a lambda's
        // or local function's summary: compared with `stores`.
        private readonly BodySymbol.Comparer stores;
        private Dictionary<object, List<object>> delegatesByStore;
        private Dictionary<ITypeSymbol, List<object>> delegatesByType;
        // Asked at every lock reference by walks on several threads: lock-free reads. Adds lock a
        // stripe, and growing the table locks them all: made with room for the bodies to walk.
        private readonly ConcurrentDictionary<ISymbol, LockClass> classOfMember;
        private const int Stripes = 16;
        private Dictionary<object, HashSet<ITypeSymbol>> storedTypes;
        private HashSet<object> unknownStores;
        private Dictionary<object, HrtimerModeKnowledge> modeValues;
        private Dictionary<IMethodSymbol, List<MethodSummary>>? implementations;
        private readonly Dictionary<(IMethodSymbol, bool), List<MethodSummary>> byCallee;
        private HashSet<(object Key, object Target)>? delegatesSeen; // null in a patched index until something is added

        private sealed class CalleeComparer : IEqualityComparer<(IMethodSymbol Method, bool Virtual)>
        {
            private readonly IEqualityComparer<ISymbol> symbols;
            public CalleeComparer(IEqualityComparer<ISymbol> symbols) { this.symbols = symbols; }

            public bool Equals((IMethodSymbol Method, bool Virtual) x, (IMethodSymbol Method, bool Virtual) y) =>
                x.Virtual == y.Virtual && symbols.Equals(x.Method, y.Method);

            public int GetHashCode((IMethodSymbol Method, bool Virtual) obj) =>
                symbols.GetHashCode(obj.Method) * 2 + (obj.Virtual ? 1 : 0);
        }

        /// <param name="classes">Shared with earlier compilations whose summaries this one reuses.</param>
        /// <param name="symbols">How symbols from different trees' walks compare: by identity, or
        /// <see cref="SymbolIdentity.AcrossCompilations"/> when some trees' facts come from an earlier compilation.</param>
        /// <param name="bodies">About how many bodies will be walked into this index (sizes the maps the walks fill).</param>
        public CompilationIndex(KernelApi api, IAssemblySymbol assembly, LockClassTable classes, IEqualityComparer<ISymbol> symbols, int bodies = 0)
        {
            this.api = api;
            this.symbols = symbols;
            classOfMember = new ConcurrentDictionary<ISymbol, LockClass>(Stripes, System.Math.Max(31, bodies / 8), SymbolEqualityComparer.Default);
            stores = BodySymbol.Comparer.For(symbols);
            Assembly = assembly;
            Classes = classes;
            byMethod = new Dictionary<IMethodSymbol, List<MethodSummary>>(symbols);
            delegatesByStore = new Dictionary<object, List<object>>(stores);
            delegatesByType = new Dictionary<ITypeSymbol, List<object>>(symbols);
            storedTypes = new Dictionary<object, HashSet<ITypeSymbol>>(stores);
            unknownStores = new HashSet<object>(stores);
            modeValues = new Dictionary<object, HrtimerModeKnowledge>(stores);
            byCallee = new Dictionary<(IMethodSymbol, bool), List<MethodSummary>>(new CalleeComparer(symbols));
            delegatesSeen = new HashSet<(object, object)>(new PairComparer(stores));
        }

        public IAssemblySymbol Assembly { get; }

        /// <summary>Referenced assemblies whose recorded lock facts this index holds (<see cref="CrossAssembly.ImportedLibraries"/>).</summary>
        public ImmutableHashSet<IAssemblySymbol> Imported { get; set; } = ImmutableHashSet<IAssemblySymbol>.Empty;

        public bool IsImported(IAssemblySymbol? assembly) => assembly != null && Imported.Contains(assembly);

        public LockClassTable Classes { get; }

        /// <summary>Trees whose facts came from an earlier compilation (<see cref="SummaryCache"/>).</summary>
        public int ReusedTrees { get; set; }

        /// <summary>Trees whose bodies were partly walked again and partly copied (a declaration edit that some of their bodies name).</summary>
        public int PartlyReusedTrees { get; set; }
        public IReadOnlyList<MethodSummary> Summaries => summaries;
        public IReadOnlyDictionary<BodySymbol, List<LockRef>> LocalValues => localValues;

        public void Add(MethodSummary summary)
        {
            summaries.Add(summary);
            if (summary.Method == null) return; // a lambda or local function: named by its summary, never looked up
            if (!byMethod.TryGetValue(summary.Method, out var list)) byMethod[summary.Method] = list = new List<MethodSummary>();
            list.Add(summary);
        }

        private readonly List<Entry> importedEntries = new List<Entry>();

        public IReadOnlyList<Entry> ImportedEntries => importedEntries;

        /// <summary>An entry of a referenced library (<see cref="CrossAssembly.ImportedLibraries"/>).</summary>
        public void AddImportedEntry(Entry entry) => importedEntries.Add(entry);

        public void AddLocalValue(BodySymbol local, LockRef value)
        {
            if (!localValues.TryGetValue(local, out var list)) localValues[local] = list = new List<LockRef>();
            list.Add(value);
        }

        /// <summary>
        /// What a field, property or local is assigned: the type of a <c>new T()</c>, or null for
        /// anything else, which makes the store's contents unknown.
        /// </summary>
        public void AddStoredValue(object store, ITypeSymbol? createdType)
        {
            if (!storedTypes.TryGetValue(store, out var types)) storedTypes[store] = types = new HashSet<ITypeSymbol>(symbols);
            if (createdType == null) unknownStores.Add(store);
            else types.Add(createdType);
        }

        /// <summary>The concrete types a store can hold, when every value ever assigned to it is a creation here.</summary>
        private HashSet<ITypeSymbol>? CreatedTypes(object store) =>
            storedTypes.TryGetValue(store, out var types) && types.Count > 0 && !unknownStores.Contains(store)
            && (store is BodySymbol { IsLocal: true } || store is IFieldSymbol { DeclaredAccessibility: Accessibility.Private } || store is IFieldSymbol { IsReadOnly: true })
                ? types : null;

        /// <summary>A value assigned to a field or local of type HrTimerMode; two different values make it Unknown.</summary>
        public void AddModeValue(object store, HrtimerModeKnowledge value)
        {
            modeValues[store] = modeValues.TryGetValue(store, out var known) && known != value ? HrtimerModeKnowledge.Unknown : value;
        }

        public HrtimerModeKnowledge HrtimerMode(Registration registration)
        {
            if (registration.HrtimerModeSource == null) return registration.HrtimerMode;
            if (modeValues.TryGetValue(registration.HrtimerModeSource, out var value)) return value;
            // A const field or enum member has its value as the argument's constant already; a
            // field never assigned in this compilation keeps its default, Abs.
            return registration.HrtimerModeSource is IFieldSymbol { IsReadOnly: true } ? HrtimerModeKnowledge.Default : HrtimerModeKnowledge.Unknown;
        }

        /// <param name="target">A method, or a lambda's or local function's summary.</param>
        public void AddDelegate(object target, ITypeSymbol? type, object? store)
        {
            if (store != null) AddTo(delegatesByStore, store, target);
            if (type != null) AddTo(delegatesByType, type, target);
        }

        // A hashed "seen" set: one delegate type can have thousands of lambdas, and a list scan per add was quadratic.
        private void AddTo<TKey>(Dictionary<TKey, List<object>> map, TKey key, object target) where TKey : notnull
        {
            delegatesSeen ??= SeenIn(delegatesByStore, delegatesByType);
            if (!delegatesSeen.Add((key, target))) return;
            if (!map.TryGetValue(key, out var list)) map[key] = list = new List<object>();
            list.Add(target);
        }

        private HashSet<(object, object)> SeenIn(Dictionary<object, List<object>> byStore, Dictionary<ITypeSymbol, List<object>> byType)
        {
            var seen = new HashSet<(object, object)>(new PairComparer(stores));
            foreach (var pair in byStore) foreach (var target in pair.Value) seen.Add((pair.Key, target));
            foreach (var pair in byType) foreach (var target in pair.Value) seen.Add((pair.Key, target));
            return seen;
        }

        private sealed class PairComparer : IEqualityComparer<(object Key, object Target)>
        {
            private readonly BodySymbol.Comparer stores;
            public PairComparer(BodySymbol.Comparer stores) { this.stores = stores; }

            public bool Equals((object Key, object Target) x, (object Key, object Target) y) =>
                stores.Equals(x.Key, y.Key) && stores.Equals(x.Target, y.Target);

            public int GetHashCode((object Key, object Target) obj) =>
                stores.GetHashCode(obj.Key) * 31 + stores.GetHashCode(obj.Target);
        }

        /// <summary>lockdep's class key of a lock field or property: its <c>[LockClass]</c> name, else the declaration.</summary>
        public LockClass ClassOf(ISymbol member)
        {
            member = member.OriginalDefinition;
            return classOfMember.TryGetValue(member, out var known) ? known : classOfMember.GetOrAdd(member, ComputeClassOf(member));
        }

        private LockClass ComputeClassOf(ISymbol member)
        {
            foreach (var attribute in member.GetAttributes())
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, api.LockClassAttribute)
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
                    return Classes.Intern("name:" + name, name, member.Locations.FirstOrDefault());
            return Classes.Intern("decl:" + member.ToDisplayString(), $"{member.ContainingType?.Name}.{member.Name}", member.Locations.FirstOrDefault());
        }

        /// <summary>
        /// The map lockdep gives a timer or a work item, named as lockdep prints it: "(timer) Dev.Timer",
        /// "(work_completion) Dev.Work". One per field or property, as lock classes are (lockdep's is
        /// per <c>timer_setup</c>/<c>INIT_WORK</c> call site, which is one per field in practice).
        /// </summary>
        public LockClass ClassOfWaited(ISymbol member, PerMethod.RegistrationKind kind)
        {
            member = member.OriginalDefinition;
            string label = kind == PerMethod.RegistrationKind.Work ? "work_completion" : "timer";
            return Classes.Intern($"wait:{label}:" + member.ToDisplayString(), $"({label}) {member.ContainingType?.Name}.{member.Name}", member.Locations.FirstOrDefault());
        }

        /// <summary>
        /// lockdep keys a dynamically initialised lock by its init site: a lock created outside a
        /// field initializer is named after the local it is stored in, else after the creation.
        /// </summary>
        public LockClass ClassOfCreation(IOperation creation, string method)
        {
            var location = creation.Syntax.GetLocation();
            IOperation? parent = creation.Parent;
            while (parent is IConversionOperation) parent = parent.Parent;
            string name = parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation local }
                ? $"{method}.{local.Local.Name}"
                : "lock created at " + EntryPoints.Where(location);
            var span = location.GetLineSpan();
            // The name is part of the key: the table outlives an edit that renames the local in place.
            return Classes.Intern($"new:{span.Path}:{location.SourceSpan.Start}:{name}", name, location);
        }

        /// <summary>
        /// What a called method's attributes say ([MightSleep], sparse contracts). Read at every
        /// call, not kept: Roslyn keeps each symbol's attributes, and only ours have their
        /// arguments read, so a read is a short loop; a map shared by the walks' threads cost more
        /// (two threads adding to it waited on its locks: a tenth of a walk's thread time at 20k).
        /// </summary>
        public MethodAttributes AttributesOf(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            bool mightSleep = false;
            System.Collections.Immutable.ImmutableArray<(ContractKind, string)>.Builder? contracts = null;
            foreach (var attribute in method.GetAttributes())
            {
                // The class first: reading the arguments of any other attribute decodes them (a
                // referenced method's compiler attributes), most of this method's time when it did.
                var type = attribute.AttributeClass;
                if (type == null) continue;
                if (SymbolEqualityComparer.Default.Equals(type, api.MightSleepAttribute)) { mightSleep = true; continue; }
                if (SymbolEqualityComparer.Default.Equals(type, api.AcquiresWhenAttribute))
                {
                    var arguments = attribute.ConstructorArguments;
                    if (arguments.Length == 2 && arguments[0].Value is bool result && arguments[1].Value is string held)
                        (contracts ??= System.Collections.Immutable.ImmutableArray.CreateBuilder<(ContractKind, string)>())
                            .Add((result ? ContractKind.AcquiresWhenTrue : ContractKind.AcquiresWhenFalse, held));
                    continue;
                }
                ContractKind kind;
                if (SymbolEqualityComparer.Default.Equals(type, api.AcquiresAttribute)) kind = ContractKind.Acquires;
                else if (SymbolEqualityComparer.Default.Equals(type, api.ReleasesAttribute)) kind = ContractKind.Releases;
                else if (SymbolEqualityComparer.Default.Equals(type, api.MustHoldAttribute)) kind = ContractKind.MustHold;
                else continue;
                if (attribute.ConstructorArguments is { Length: 1 } one && one[0].Value is string name)
                    (contracts ??= System.Collections.Immutable.ImmutableArray.CreateBuilder<(ContractKind, string)>()).Add((kind, name));
            }
            return !mightSleep && contracts == null ? MethodAttributes.None
                : new MethodAttributes(mightSleep, contracts?.ToImmutable() ?? System.Collections.Immutable.ImmutableArray<(ContractKind, string)>.Empty);
        }

        /// <summary>The context a method's attribute declares, if it has one.</summary>
        public EntryContext? DeclaredContext(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                var type = attribute.AttributeClass;
                if (type == null) continue;
                // The attribute's own location stands where a registration would: the diagnostics'
                // "how its context was fixed", and where LCA0009 reports.
                var at = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();
                if (SymbolEqualityComparer.Default.Equals(type, api.RcuCallbackAttribute))
                    return EntryContext.ByAttribute(ContextKind.Softirq, "RCU", "RcuCallback", at);
                if (SymbolEqualityComparer.Default.Equals(type, api.SoftirqContextAttribute))
                {
                    string vector = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int v
                        ? VectorName(v) : "";
                    return EntryContext.ByAttribute(ContextKind.Softirq, vector, "SoftirqContext", at);
                }
                if (SymbolEqualityComparer.Default.Equals(type, api.HardirqContextAttribute))
                    return EntryContext.ByAttribute(ContextKind.Hardirq, "", "HardirqContext", at);
                if (SymbolEqualityComparer.Default.Equals(type, api.ProcessContextAttribute))
                    return EntryContext.ByAttribute(ContextKind.Process, "", "ProcessContext", at);
            }
            return null;
        }

        private static string VectorName(int v) =>
            v >= 0 && v < VectorNames.Length ? VectorNames[v] : "";

        private static readonly string[] VectorNames = { "HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL", "TASKLET", "SCHED", "HRTIMER", "RCU" };

        public MethodSummary? Summary(IMethodSymbol method) =>
            byMethod.TryGetValue(method.OriginalDefinition, out var list) ? list[0] : null;

        /// <remarks>
        /// Not kept per target: a target belongs to one call site, and the call graph asks once per
        /// analysis for each (<see cref="CallGraph"/>); a map of every target was a lookup and an
        /// insert per call that nothing read again.
        /// </remarks>
        public IReadOnlyList<MethodSummary> Resolve(CallTarget target)
        {
            if (target.Body != null) return new[] { target.Body };
            if (target.Method != null)
            {
                var shared = Shared(target.Method.OriginalDefinition, target.IsVirtual);
                return target.OverridesHereOnly ? OverridesHere(target.Method.OriginalDefinition, shared)
                    : target.ReceiverStore != null && CreatedTypes(target.ReceiverStore) is HashSet<ITypeSymbol> created
                    ? ImplementationsIn(created, target.Method)
                    : shared;
            }
            // A delegate: what was stored where it is read from; else every creation of its type.
            var found = new List<MethodSummary>();
            var seen = new HashSet<MethodSummary>();
            List<object>? targets = null;
            if (target.DelegateStore != null) delegatesByStore.TryGetValue(target.DelegateStore, out targets);
            if (targets == null && target.DelegateType != null) delegatesByType.TryGetValue(target.DelegateType, out targets);
            if (targets != null)
                foreach (var t in targets)
                {
                    if (t is MethodSummary body) { if (seen.Add(body)) found.Add(body); }
                    else AddSummaries(found, seen, (IMethodSymbol)t);
                }
            return found;
        }

        /// <summary>
        /// What a call of the method may run, before any narrowing by the receiver: shared by every
        /// call site of the method (interface calls can fan out to hundreds). A direct call runs the
        /// method's own summaries, and the index's list is the answer: most calls, and a new list and
        /// set for each was most of resolving at 50k methods.
        /// </summary>
        private List<MethodSummary> Shared(IMethodSymbol method, bool isVirtual)
        {
            var key = (method, isVirtual);
            if (byCallee.TryGetValue(key, out var shared)) return shared;
            if (!isVirtual || !Implementations().TryGetValue(method, out var implementations))
                return byCallee[key] = byMethod.TryGetValue(method, out var own) ? own : NoSummaries;
            var found = new List<MethodSummary>();
            var seen = new HashSet<MethodSummary>();
            AddSummaries(found, seen, method);
            foreach (var s in implementations) if (seen.Add(s)) found.Add(s);
            return byCallee[key] = found;
        }

        private static readonly List<MethodSummary> NoSummaries = new List<MethodSummary>();

        private readonly Dictionary<IMethodSymbol, List<MethodSummary>> overridesHere = new Dictionary<IMethodSymbol, List<MethodSummary>>(SymbolEqualityComparer.Default);

        private List<MethodSummary> OverridesHere(IMethodSymbol method, List<MethodSummary> all)
        {
            if (!overridesHere.TryGetValue(method, out var here)) overridesHere[method] = here = all.Where(s => s.ImportedFrom == null).ToList();
            return here;
        }

        /// <summary>
        /// The method a virtual call runs on objects of the created types: found from each type
        /// upwards (a lookup per type, not a scan of every implementation in the compilation).
        /// </summary>
        private List<MethodSummary> ImplementationsIn(HashSet<ITypeSymbol> created, IMethodSymbol method)
        {
            var found = new List<MethodSummary>();
            var seen = new HashSet<MethodSummary>();
            method = method.OriginalDefinition;
            foreach (var type in created)
            {
                IMethodSymbol? runs = null;
                if (method.ContainingType?.TypeKind == TypeKind.Interface)
                    runs = type.FindImplementationForInterfaceMember(InterfaceMemberOf(type, method)) as IMethodSymbol;
                for (var t = type as INamedTypeSymbol; runs == null && t != null; t = t.BaseType)
                    foreach (var m in t.GetMembers(method.Name))
                        if (m is IMethodSymbol candidate && Overrides(candidate, method)) { runs = candidate; break; }
                if (runs != null) AddSummaries(found, seen, runs);
            }
            return found;
        }

        private bool Overrides(IMethodSymbol candidate, IMethodSymbol method)
        {
            for (var m = candidate.OriginalDefinition; m != null; m = m.OverriddenMethod?.OriginalDefinition)
                if (symbols.Equals(m, method)) return true;
            return false;
        }

        // The interface method as the type's own compilation sees it: with reused summaries the
        // created type and the called method can come from two compilations, and Roslyn only
        // answers within one.
        private IMethodSymbol InterfaceMemberOf(ITypeSymbol type, IMethodSymbol method)
        {
            if (ReferenceEquals(symbols, SymbolEqualityComparer.Default)) return method;
            foreach (var iface in type.AllInterfaces)
                foreach (var member in iface.GetMembers(method.Name))
                    if (member is IMethodSymbol candidate && symbols.Equals(candidate.OriginalDefinition, method)) return candidate;
            return method;
        }

        private void AddSummaries(List<MethodSummary> result, HashSet<MethodSummary> seen, IMethodSymbol method)
        {
            if (byMethod.TryGetValue(method.OriginalDefinition, out var list))
                foreach (var s in list) if (seen.Add(s)) result.Add(s);
        }

        /// <summary>Base or interface method -> every summary in the compilation that overrides or implements it.</summary>
        private Dictionary<IMethodSymbol, List<MethodSummary>> Implementations()
        {
            if (implementations != null) return implementations;
            var map = new Dictionary<IMethodSymbol, List<MethodSummary>>(symbols);
            var links = new List<IMethodSymbol>();
            foreach (var s in summaries)
            {
                LinksOf(s, links);
                foreach (var key in links)
                {
                    if (!map.TryGetValue(key, out var list)) map[key] = list = new List<MethodSummary>();
                    if (!list.Contains(s)) list.Add(s);
                }
            }
            return implementations = map;
        }

        /// <summary>The base and interface methods (their definitions) that the summary's method overrides or implements.</summary>
        private static void LinksOf(MethodSummary s, List<IMethodSymbol> links)
        {
            links.Clear();
            var m = s.Method;
            if (m == null || m.MethodKind == MethodKind.AnonymousFunction || m.MethodKind == MethodKind.LocalFunction || m.IsStatic) return;
            for (var o = m.OverriddenMethod; o != null; o = o.OverriddenMethod) links.Add(o.OriginalDefinition);
            var type = m.ContainingType;
            if (type == null) return;
            foreach (var iface in type.AllInterfaces)
                foreach (var member in iface.GetMembers(m.Name))
                    if (member is IMethodSymbol im && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(im)?.OriginalDefinition, m.OriginalDefinition))
                        links.Add(im.OriginalDefinition);
            foreach (var explicitImpl in m.ExplicitInterfaceImplementations) links.Add(explicitImpl.OriginalDefinition);
        }
    }

    /// <summary>Sparse's contracts, and Clang's conditional acquire (<c>[AcquiresWhen(true/false, "l")]</c>: held on the branch where the call returned that).</summary>
    internal enum ContractKind { Acquires, Releases, MustHold, AcquiresWhenTrue, AcquiresWhenFalse }

    /// <summary>A method's [MightSleep] and sparse-style contracts.</summary>
    internal sealed class MethodAttributes
    {
        /// <summary>What almost every method has: neither.</summary>
        public static readonly MethodAttributes None = new MethodAttributes(false, System.Collections.Immutable.ImmutableArray<(ContractKind, string)>.Empty);

        public MethodAttributes(bool mightSleep, System.Collections.Immutable.ImmutableArray<(ContractKind Kind, string Lock)> contracts)
        {
            MightSleep = mightSleep;
            Contracts = contracts;
        }

        public bool MightSleep { get; }
        public System.Collections.Immutable.ImmutableArray<(ContractKind Kind, string Lock)> Contracts { get; }
    }
}
