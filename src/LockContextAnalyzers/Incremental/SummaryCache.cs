using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.Relevance;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// What the walks of one project's newest compilation produced, kept so that the next
    /// compilation (an IDE makes one per edit) walks only the trees that changed. Binding is most
    /// of the analysis' cost, and an edit inside a body changes no other tree's binding; so when
    /// every changed tree keeps its <see cref="DeclarationShape"/> and the references and options
    /// are the same, the other trees' <see cref="TreeFacts"/> are reused as they are, with their
    /// symbols from the compilation they were made in (the index then compares symbols with
    /// <see cref="SymbolIdentity.AcrossCompilations"/>). Anything else walks everything.
    /// </summary>
    /// <remarks>
    /// A run hangs off its syntax trees (a <see cref="ConditionalWeakTable{TKey,TValue}"/> per
    /// tree): it lives while the next snapshot still shares a tree with it, which is exactly when
    /// it can be reused, and dies with the trees after a command-line build, which parses every
    /// file anew and so can never reuse anything. Reused facts keep the compilation they were made
    /// in alive; so that edits to one file after another do not pile up old compilations, facts
    /// are reused from at most <see cref="MaxSources"/> earlier compilations (those most trees'
    /// facts come from), and trees whose facts came from any other are walked again. Each edit
    /// leaves its file's facts in a compilation of their own, so the cap decides how many files
    /// edited since the project opened are walked again per edit: about one in MaxSources - 1 of
    /// them. With two, after 100 edits to different files at 20k methods every edit walked 50 files
    /// again; with eight, 14, for 24 MB held instead of 20 (33 instead of 20-23 at 50k), and a
    /// fact-changing edit at 20k took 245-310 ms instead of 357-369 (benchmarks/README.md, item 18).
    /// (With one, every file edited since the last full walk would be walked again at every
    /// keystroke.) Lock classes are shared along the line of compilations, so that reused and new
    /// facts name a class with one object.
    /// </remarks>
    internal static class SummaryCache
    {
        internal const int MaxSources = 8;
        private static readonly ConditionalWeakTable<SyntaxTree, Run> runOfTree = new ConditionalWeakTable<SyntaxTree, Run>();

        internal sealed class Run
        {
            /// <summary>
            /// Made by the library facts' generator, which only builds run: the compilation the
            /// analyzers then see is the last of its line, so once they have moved this run's
            /// findings nothing will reuse it (<see cref="Forget"/>).
            /// </summary>
            public bool ByGenerator { get; set; }

            public Run(Compilation compilation, SyntaxTree[] trees, TreeFacts[] facts, LockClassTable classes, RelevantBodies? relevance)
            {
                Relevance = relevance;
                References = compilation.References.ToArray();
                Options = compilation.Options;
                AssemblyName = compilation.AssemblyName;
                Trees = trees;
                Facts = facts;
                Classes = classes;
                shapes = new ulong?[trees.Length];
                members = new MemberShapes?[trees.Length];
            }

            private ResolvedIndex? resolved;

            /// <summary>
            /// The index and call graph of the last analysis along this line of runs (<see cref="IndexPatch"/>):
            /// this run's, or an earlier one's when this run's findings were moved instead (<see cref="WalkedTrees.KeepResolved"/>).
            /// </summary>
            public ResolvedIndex? Resolved
            {
                get => Volatile.Read(ref resolved);
                set => Volatile.Write(ref resolved, value);
            }

            /// <summary>Which bodies were walked (null: all), for the next compilation whose trees have the same names (<see cref="RelevantBodies.For"/>).</summary>
            public RelevantBodies? Relevance { get; }

            public MetadataReference[] References { get; }
            public CompilationOptions Options { get; }
            public string? AssemblyName { get; }
            public SyntaxTree[] Trees { get; }
            public TreeFacts[] Facts { get; }
            public LockClassTable Classes { get; }
            private readonly ulong?[] shapes;

            /// <summary>The same project, options and references: the only other inputs binding has.</summary>
            public bool CanServe(Compilation compilation) =>
                compilation.AssemblyName == AssemblyName && compilation.Options.Equals(Options) && compilation.References.SequenceEqual(References);

            private readonly Dictionary<AnalysisOptions, IReadOnlyDictionary<SyntaxTree, ImmutableArray<Diagnostic>>> findings =
                new Dictionary<AnalysisOptions, IReadOnlyDictionary<SyntaxTree, ImmutableArray<Diagnostic>>>();

            /// <summary>The findings this run's facts gave under these options (for <see cref="FindingsReuse"/>).</summary>
            public IReadOnlyDictionary<SyntaxTree, ImmutableArray<Diagnostic>>? FindingsFor(AnalysisOptions options)
            {
                lock (findings) return findings.TryGetValue(options, out var known) ? known : null;
            }

            public void Keep(AnalysisOptions options, IReadOnlyDictionary<SyntaxTree, ImmutableArray<Diagnostic>> byTree)
            {
                lock (findings) findings[options] = byTree;
            }

            private readonly MemberShapes?[] members;

            public MemberShapes MembersOf(int i, CancellationToken ct)
            {
                lock (members) if (members[i] is MemberShapes known) return known;
                var shapes = DeclarationShape.Members(Trees[i], ct);
                lock (members) members[i] = shapes;
                return shapes;
            }

            public ulong ShapeOf(int i, CancellationToken ct)
            {
                lock (shapes) if (shapes[i] is ulong known) return known;
                ulong shape = DeclarationShape.Of(Trees[i], ct);
                lock (shapes) shapes[i] = shape;
                return shape;
            }
        }

        /// <summary>A run that shares a tree with this compilation and can serve it (each tree knows the last run that had it).</summary>
        public static Run? Previous(Compilation compilation)
        {
            lock (runOfTree)
                foreach (var tree in compilation.SyntaxTrees)
                    if (runOfTree.TryGetValue(tree, out var run) && run.CanServe(compilation)) return run;
            return null;
        }

        /// <summary>
        /// Forgets the runs these trees lead to, and so the compilations their facts hold. In a
        /// library's build the generator's compilation is not the one the compiler then compiles
        /// (the facts' tree makes a new one), and the analyzers' run reuses its facts: kept, it
        /// would hold the generator's compilation, every declaration bound a second time, beside
        /// the compile until its end (at 20k methods the heap still live when the compile ends is
        /// 114 MB instead of 156: benchmarks/README.md item 31). A host that ran the generator and
        /// then edited would walk every tree again once: slower, never wrong.
        /// </summary>
        public static void Forget(SyntaxTree[] trees)
        {
            lock (runOfTree)
                foreach (var tree in trees) runOfTree.Remove(tree);
        }

        /// <param name="previous">The run this one reused from, if any: its trees that this run no longer has are forgotten.</param>
        /// <remarks>
        /// A tree an edit replaced stays alive as long as an older compilation that reused facts
        /// still holds it, and it would lead to its old run, whose facts hold older compilations,
        /// whose replaced trees lead to older runs: every snapshot since the project opened (1.6 GB
        /// after 100 edits at 5k methods, measured by the benchmark's --edit). Forgetting them
        /// keeps what is held to the newest run and the at most <see cref="MaxSources"/> compilations it reuses from.
        /// </remarks>
        public static void Remember(Run run, Run? previous)
        {
            lock (runOfTree)
            {
                if (previous != null)
                {
                    var kept = new HashSet<SyntaxTree>(run.Trees);
                    foreach (var tree in previous.Trees)
                        if (!kept.Contains(tree) && runOfTree.TryGetValue(tree, out var owner) && owner == previous) runOfTree.Remove(tree);
                }
                foreach (var tree in run.Trees)
                {
                    runOfTree.Remove(tree);
                    runOfTree.Add(tree, run);
                }
            }
        }

        /// <summary>
        /// For each tree of the compilation, the previous run's facts if the tree is the same
        /// object there and its relevant bodies are the ones walked then; null where it must be
        /// walked. Where an edit changed the declaration of a named member, the bodies that name
        /// it are walked again (<paramref name="rewalk"/>: by body, null for a tree whose facts
        /// are reused whole), and the whole tree when its declarations name it. Null altogether
        /// when the previous run cannot be used: a tree added or removed, or a declaration changed
        /// that is not a named member (a type's header, a using, a constructor, an operator, a
        /// member called without its name).
        /// </summary>
        public static TreeFacts?[]? Reusable(Run previous, SyntaxTree[] trees, RelevantBodies? relevant, out bool[]?[] rewalk, CancellationToken ct)
        {
            rewalk = new bool[]?[trees.Length];
            var before = new Dictionary<SyntaxTree, int>();
            var byPath = new Dictionary<string, int>();
            for (int i = 0; i < previous.Trees.Length; i++)
            {
                before[previous.Trees[i]] = i;
                if (string.IsNullOrEmpty(previous.Trees[i].FilePath) || byPath.ContainsKey(previous.Trees[i].FilePath)) return null;
                byPath[previous.Trees[i].FilePath] = i;
            }
            // Nothing shared (a command-line build parses every file anew): nothing to reuse, and
            // no reason to hash every tree's declarations.
            if (!trees.Any(before.ContainsKey)) return null;
            if (previous.Trees.Length + trees.Count(t => IsAddedAttributesOnly(t, before, byPath)) != trees.Length) return null;
            var reused = new TreeFacts?[trees.Length];
            var changedNames = new HashSet<string>(System.StringComparer.Ordinal);
            for (int i = 0; i < trees.Length; i++)
            {
                // A body elsewhere can make one of this tree's bodies relevant, or no longer: then its facts are not the ones to have.
                if (before.TryGetValue(trees[i], out var same))
                {
                    if (SameBodies(previous.Facts[same].Walked, relevant?.Of(i))) reused[i] = previous.Facts[same];
                    continue;
                }
                if (IsAddedAttributesOnly(trees[i], before, byPath)) continue;
                if (!byPath.TryGetValue(trees[i].FilePath, out var old) || trees.Contains(previous.Trees[old])) return null;
                if (DeclarationShape.Of(trees[i], ct) == previous.ShapeOf(old, ct)) continue;
                // A declaration changed: only trees that name a changed member can bind differently.
                if (MemberShapes.ChangedNames(previous.MembersOf(old, ct), DeclarationShape.Members(trees[i], ct)) is not HashSet<string> names) return null;
                changedNames.UnionWith(names);
            }
            if (changedNames.Count > 0)
                for (int i = 0; i < trees.Length; i++)
                    if (reused[i] != null && TreeNames.Of(trees[i], ct).MayName(changedNames))
                        rewalk[i] = BodiesNaming(TreeNames.Of(trees[i], ct), changedNames);
            for (int i = 0; i < trees.Length; i++)
                if (rewalk[i] is { Length: 0 }) { reused[i] = null; rewalk[i] = null; }
            // Reuse from at most MaxSources earlier compilations, those that made the most of these facts;
            // trees whose facts came from any other are walked again.
            var sources = new HashSet<Compilation>(reused.Where(f => f != null).SelectMany(f => f!.Sources).GroupBy(c => c)
                .OrderByDescending(g => g.Count()).Take(MaxSources).Select(g => g.Key));
            for (int i = 0; i < reused.Length; i++)
                if (reused[i] != null && !reused[i]!.Sources.All(sources.Contains)) { reused[i] = null; rewalk[i] = null; }
            return reused;
        }

        /// <summary>
        /// Which of the tree's bodies name a changed member; empty (the whole tree) when its
        /// declarations do, outside any body. A body that names none binds as before: the tree-level
        /// argument above, one body at a time.
        /// </summary>
        private static bool[] BodiesNaming(TreeNames names, HashSet<string> changed)
        {
            if (names.DeclarationNames.Overlaps(changed)) return System.Array.Empty<bool>();
            var rewalk = new bool[names.Bodies.Length];
            for (int k = 0; k < rewalk.Length; k++) rewalk[k] = changed.Overlaps(names.Bodies[k].Mentioned);
            return rewalk;
        }

        /// <summary>
        /// A tree that only adds assembly attributes, new since the previous run: what this package's
        /// generator adds (the library facts) after its own run of the analysis, before the
        /// analyzers run on the same trees. It holds no body and changes how nothing else binds.
        /// </summary>
        public static bool IsAddedAttributesOnly(SyntaxTree tree, Dictionary<SyntaxTree, int> before, Dictionary<string, int> byPath) =>
            !before.ContainsKey(tree) && !byPath.ContainsKey(tree.FilePath) && IsAttributesOnly(tree);

        public static bool IsAttributesOnly(SyntaxTree tree) =>
            tree.GetRoot() is Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax unit
            && unit.Members.Count == 0 && unit.Usings.Count == 0 && unit.Externs.Count == 0 && unit.AttributeLists.Count > 0;

        private static bool SameBodies(bool[]? walked, bool[]? relevant) =>
            walked == null || relevant == null ? walked == relevant : walked.SequenceEqual(relevant);
    }
}
