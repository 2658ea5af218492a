using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// The lock facts of the libraries a compilation references: read from the assembly
    /// (<see cref="LibraryFacts.MetadataKey"/>, written by <see cref="LibraryFactsGenerator"/> when
    /// the library was built, which is what <c>dotnet build</c> and a package reference give), or,
    /// for a project an IDE hands over as a live compilation, computed from that compilation.
    /// Each becomes a summary per callable method, keyed by the method's symbol here, and the
    /// library's entries with their contexts, so the call graph runs on into the library.
    /// </summary>
    internal sealed class ImportedLibraries
    {
        private readonly ImmutableArray<(IAssemblySymbol Assembly, LibraryFacts Facts)> libraries;

        private ImportedLibraries(ImmutableArray<(IAssemblySymbol Assembly, LibraryFacts Facts)> libraries)
        {
            this.libraries = libraries;
            // The names code here calls the libraries by, and the names of its methods the libraries call (overrides here).
            Names = new HashSet<string>(libraries.SelectMany(l => l.Facts.Methods).Where(m => m.Id != null).Select(m => SimpleName(m.Name))
                .Concat(libraries.SelectMany(l => l.Facts.Methods).SelectMany(m => m.Invocations).Where(v => v.Target != null).Select(v => IdName(v.Target!))),
                System.StringComparer.Ordinal);
        }

        public bool IsEmpty => libraries.IsEmpty;

        /// <summary>The names by which code here calls into the libraries (for <see cref="Relevance.RelevantBodies"/>).</summary>
        public IReadOnlyCollection<string> Names { get; }

        public ImmutableHashSet<IAssemblySymbol> AssemblySymbols =>
            libraries.Select(l => l.Assembly).ToImmutableHashSet<IAssemblySymbol>(SymbolEqualityComparer.Default);

        private static readonly ConditionalWeakTable<Compilation, ImportedLibraries> perCompilation = new ConditionalWeakTable<Compilation, ImportedLibraries>();

        // A reference object outlives the compilations of an IDE session: its facts are read once.
        private static readonly ConditionalWeakTable<MetadataReference, StrongBox<LibraryFacts?>> perReference =
            new ConditionalWeakTable<MetadataReference, StrongBox<LibraryFacts?>>();

        public static ImportedLibraries Of(Compilation compilation, CancellationToken ct)
        {
            if (perCompilation.TryGetValue(compilation, out var known)) return known;
            var found = ImmutableArray.CreateBuilder<(IAssemblySymbol Assembly, LibraryFacts Facts)>();
            foreach (var reference in compilation.References)
            {
                ct.ThrowIfCancellationRequested();
                if (compilation.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly || !MayHaveFacts(assembly)) continue;
                var facts = perReference.GetValue(reference, r => new StrongBox<LibraryFacts?>(FactsOf(r, assembly, ct))).Value;
                if (facts != null && !facts.IsEmpty) found.Add((assembly, facts));
            }
            return perCompilation.GetValue(compilation, _ => new ImportedLibraries(found.ToImmutable()));
        }

        // The framework's assemblies (signed with Microsoft's or ECMA's key) have no facts: their
        // attributes are not decoded. (A reference assembly need not reference the model even when
        // the library uses it: only private members and bodies may name it.)
        private static bool MayHaveFacts(IAssemblySymbol assembly) =>
            assembly.Name != KernelApi.ModelAssembly && !FrameworkKeys.Contains(Token(assembly.Identity.PublicKeyToken));

        private static readonly HashSet<string> FrameworkKeys = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "b77a5c561934e089", "b03f5f7f11d50a3a", "cc7b13ffcd2ddd51", "7cec85d7bea7798e", "31bf3856ad364e35", "adb9793829ddae60",
        };

        private static string Token(ImmutableArray<byte> token) => string.Concat(token.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

        private static LibraryFacts? FactsOf(MetadataReference reference, IAssemblySymbol assembly, CancellationToken ct)
        {
            foreach (var attribute in assembly.GetAttributes())
                if (attribute.AttributeClass?.ToDisplayString() == "System.Reflection.AssemblyMetadataAttribute"
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value as string == LibraryFacts.MetadataKey
                    && attribute.ConstructorArguments[1].Value is string text)
                    return FactsText.Read(text);
            // A project an IDE references as a live compilation: built by nobody yet, so analysed here.
            return reference is CompilationReference live ? FactsExport.Of(live.Compilation, AnalysisOptions.Default, ct) : null;
        }

        /// <summary>Summaries of the callable methods into the index, and the libraries' entries.</summary>
        public void AddTo(CompilationIndex index, Compilation compilation)
        {
            foreach (var (assembly, facts) in libraries)
            {
                // One lookup per ID: thousands of records can name the same overridable method.
                var byId = new Dictionary<string, IMethodSymbol?>(System.StringComparer.Ordinal);
                IMethodSymbol? MethodOf(string id)
                {
                    if (!byId.TryGetValue(id, out var method)) byId[id] = method = MethodIn(assembly, id, compilation);
                    return method;
                }
                var symbols = new IMethodSymbol?[facts.Methods.Length];
                var found = new bool[facts.Methods.Length];
                for (int i = 0; i < facts.Methods.Length; i++)
                {
                    var m = facts.Methods[i];
                    symbols[i] = m.Id == null ? null : MethodOf(m.Id);
                    found[i] = m.Id == null || symbols[i] != null; // else gone from the assembly this compilation sees
                    if (symbols[i] != null) index.Add(Summarize(m, symbols[i], facts.Assembly, index, asEntry: false, MethodOf));
                }
                // An entry is the library's own code starting in a context: its own summary, which
                // runs no callback of a caller here (those run where this compilation calls in).
                var entryBodies = new Dictionary<int, MethodSummary>();
                var alternatives = new Dictionary<int, object>();
                foreach (var e in facts.Entries)
                {
                    if (!found[e.Method]) continue;
                    if (!entryBodies.TryGetValue(e.Method, out var s))
                        entryBodies[e.Method] = s = Summarize(facts.Methods[e.Method], symbols[e.Method], facts.Assembly, index, asEntry: true, MethodOf);
                    object? group = null;
                    if (e.Alternatives >= 0 && !alternatives.TryGetValue(e.Alternatives, out group)) alternatives[e.Alternatives] = group = new object();
                    index.AddImportedEntry(new Entry(s, EntryContext.Recorded(e.Kind, e.Vector, e.Description,
                        e.Registration is FactPlace p ? LocationOf(p) : null, group),
                        e.Maps.Select(m => index.Classes.Intern(m.Key, m.Name, null)).ToImmutableArray()));
                }
            }
        }

        private static IMethodSymbol? MethodIn(IAssemblySymbol assembly, string id, Compilation compilation) =>
            DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation)
                .OfType<IMethodSymbol>()
                .FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(m.ContainingAssembly, assembly));

        /// <param name="asEntry">For an entry: no context attribute (the entry carries its context), no callbacks.</param>
        private static MethodSummary Summarize(FactMethod m, IMethodSymbol? symbol, string assembly, CompilationIndex index, bool asEntry,
            System.Func<string, IMethodSymbol?> methodOf)
        {
            var classes = index.Classes;
            // A context attribute in metadata binds callers here as in the library (LCA0009); the
            // library recorded the method as an entry of that context itself.
            var declared = symbol == null || asEntry ? null : index.DeclaredContext(symbol);
            var summary = new MethodSummary(symbol!, $"{m.Name} ({assembly})", LocationOf(m.Place), declared, assembly);
            var built = new MethodSummary.Builder();
            for (int i = 0; i < m.Acquisitions.Length; i++)
            {
                var a = m.Acquisitions[i];
                LockRef? lockRef = a.Parameter >= 0
                    ? (symbol != null && a.Parameter < symbol.Parameters.Length ? new LockRef.Parameter(symbol.Parameters[a.Parameter]) : null)
                    : new LockRef.Created(classes.Intern(a.ClassKey, a.ClassName, null));
                if (lockRef == null) continue;
                var before = new LocalState(a.BhOff, a.IrqOff, a.Held, a.Held, inRcu: false, mayIrqOff: a.MayIrqOff);
                built.Acquisitions.Add(new Acquisition(i, lockRef, a.Variant, a.Mode, a.IsTry, isGuard: false, a.Api, LocationOf(a.Place), before,
                    isWait: a.IsWait));
            }
            foreach (var b in m.Reenables)
                built.Reenables.Add(new Reenable(b.Bh, b.IsExplicit, b.Api, LocationOf(b.Place),
                    new LocalState(b.BhOffAfter, b.IrqOffAfter, b.Held, b.Held, inRcu: false), beyondEntry: b.BeyondEntry));
            foreach (var s in m.Sleeps)
                built.Sleeps.Add(new SleepSite(s.Api, LocationOf(s.Place), new LocalState(s.BhOff, s.IrqOff, s.Held, s.Held, inRcu: false)));
            if (symbol != null && !asEntry)
                foreach (var r in m.Registrations)
                {
                    if (r.Parameter >= symbol.Parameters.Length) continue;
                    var parameter = symbol.Parameters[r.Parameter];
                    built.Registrations.Add(new Registration(r.Kind, r.Api, CallTarget.Delegate(parameter, parameter.Type), r.Mode, null, LocationOf(r.Place)));
                }
            if (symbol != null && !asEntry)
                foreach (var v in m.Invocations)
                {
                    CallTarget target;
                    if (v.Target != null)
                    {
                        // An override here of the library's virtual method runs there.
                        if (methodOf(v.Target) is not IMethodSymbol overridable) continue;
                        target = CallTarget.OverridesHere(overridable);
                    }
                    else
                    {
                        if (v.Parameter < 0 || v.Parameter >= symbol.Parameters.Length) continue;
                        var parameter = symbol.Parameters[v.Parameter];
                        target = CallTarget.Delegate(parameter, parameter.Type);
                    }
                    built.Calls.Add(new PerMethod.CallSite(target, default, LocationOf(v.Place),
                        new LocalState(v.BhOff, v.IrqOff, v.Held, v.Held, inRcu: false, mayIrqOff: v.MayIrqOff)));
                }
            summary.Freeze(built);
            return summary;
        }

        /// <summary>A place in the library's source as it recorded it: outside this compilation, so never where a diagnostic is reported.</summary>
        private static Location LocationOf(FactPlace p)
        {
            var at = new LinePosition(System.Math.Max(0, p.Line - 1), System.Math.Max(0, p.Column - 1));
            return Location.Create(p.File, default(TextSpan), new LinePositionSpan(at, at));
        }

        // "M:Core.NetDriver.OnPacket(System.Int32)" -> "OnPacket".
        private static string IdName(string id)
        {
            int paren = id.IndexOf('(');
            string head = paren < 0 ? id : id.Substring(0, paren);
            return head.Substring(head.LastIndexOf('.') + 1);
        }

        // "FlowTable.Insert" -> "Insert"; a constructor ("FlowTable constructor") is called by its type's name.
        private static string SimpleName(string name)
        {
            const string constructor = " constructor";
            if (name.EndsWith(constructor, System.StringComparison.Ordinal)) name = name.Substring(0, name.Length - constructor.Length);
            int dot = name.LastIndexOf('.');
            return dot < 0 ? name : name.Substring(dot + 1);
        }
    }
}
