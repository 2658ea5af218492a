using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.Engine;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Plumbing
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
    /// The newest run of the last few projects is held strongly, found again by assembly name,
    /// options and references (a multi-targeted project is one name with several reference sets): an
    /// IDE drops the old compilation as soon as it has the new one, so a weak reference would be
    /// gone when it is needed. The price is that one older compilation per recent project stays
    /// in memory (in a compiler server too, where nothing is reused because every build parses
    /// anew). Lock classes are shared along the line of compilations, so that reused and new facts
    /// name the same class with the same object.
    /// </remarks>
    internal static class SummaryCache
    {
        private const int Projects = 4;
        private static readonly List<(string Assembly, Run Run)> newest = new List<(string, Run)>();

        internal sealed class Run
        {
            public Run(Compilation compilation, SyntaxTree[] trees, TreeFacts[] facts, LockClassTable classes)
            {
                References = compilation.References.ToArray();
                Options = compilation.Options;
                Trees = trees;
                Facts = facts;
                Classes = classes;
                shapes = new ulong?[trees.Length];
            }

            public MetadataReference[] References { get; }
            public CompilationOptions Options { get; }
            public SyntaxTree[] Trees { get; }
            public TreeFacts[] Facts { get; }
            public LockClassTable Classes { get; }
            private readonly ulong?[] shapes;

            /// <summary>Same options and the same references: the only other inputs binding has.</summary>
            public bool CanServe(Compilation compilation) =>
                compilation.Options.Equals(Options) && compilation.References.SequenceEqual(References);

            public ulong ShapeOf(int i, CancellationToken ct)
            {
                lock (shapes) if (shapes[i] is ulong known) return known;
                ulong shape = DeclarationShape.Of(Trees[i], ct);
                lock (shapes) shapes[i] = shape;
                return shape;
            }
        }

        /// <summary>The previous run of this project, if the compilation is one it can be reused for.</summary>
        public static Run? Previous(Compilation compilation)
        {
            if (compilation.AssemblyName == null) return null;
            lock (newest)
                return newest.FirstOrDefault(e => e.Assembly == compilation.AssemblyName && e.Run.CanServe(compilation)).Run;
        }

        public static void Remember(Compilation compilation, Run run)
        {
            if (compilation.AssemblyName == null) return;
            lock (newest)
            {
                newest.RemoveAll(e => e.Assembly == compilation.AssemblyName && e.Run.CanServe(compilation));
                newest.Insert(0, (compilation.AssemblyName, run));
                if (newest.Count > Projects) newest.RemoveAt(newest.Count - 1);
            }
        }

        /// <summary>
        /// For each tree of the compilation, the previous run's facts if the tree is the same
        /// object there; null where it must be walked. Null altogether when the previous run
        /// cannot be used: a tree added, removed, or changed in its declarations.
        /// </summary>
        public static TreeFacts?[]? Reusable(Run previous, SyntaxTree[] trees, CancellationToken ct)
        {
            if (previous.Trees.Length != trees.Length) return null;
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
            var reused = new TreeFacts?[trees.Length];
            for (int i = 0; i < trees.Length; i++)
            {
                if (before.TryGetValue(trees[i], out var same)) { reused[i] = previous.Facts[same]; continue; }
                if (!byPath.TryGetValue(trees[i].FilePath, out var old) || trees.Contains(previous.Trees[old])) return null;
                if (DeclarationShape.Of(trees[i], ct) != previous.ShapeOf(old, ct)) return null;
            }
            return reused;
        }
    }
}
