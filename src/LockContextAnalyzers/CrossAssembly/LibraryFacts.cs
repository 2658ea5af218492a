using System.Collections.Immutable;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// What a library's build records about its lock behaviour, so that a project referencing it
    /// judges calls into it as if its bodies were in the same compilation. Symbol-free: methods
    /// are named by documentation IDs, lock classes by the keys the analysis interns them by,
    /// places by file, line and column as the library's build saw them.
    /// </summary>
    internal sealed class LibraryFacts
    {
        /// <summary>The key of the <c>AssemblyMetadataAttribute</c> that carries the facts in the library's assembly.</summary>
        public const string MetadataKey = "LockContext.LibraryFacts";

        /// <summary>Bumped whenever the text changes meaning; a reader ignores any other version (silence, not guesses).</summary>
        public const int FormatVersion = 2;

        public LibraryFacts(string assembly, ImmutableArray<FactMethod> methods, ImmutableArray<FactEntry> entries)
        {
            Assembly = assembly;
            Methods = methods;
            Entries = entries;
        }

        public string Assembly { get; }

        /// <summary>Externally callable methods (with an ID) and entry bodies, each flattened with everything its callees do.</summary>
        public ImmutableArray<FactMethod> Methods { get; }

        /// <summary>Where the library's own code starts running, and in which context.</summary>
        public ImmutableArray<FactEntry> Entries { get; }

        public bool IsEmpty => Methods.IsEmpty;
    }
}
