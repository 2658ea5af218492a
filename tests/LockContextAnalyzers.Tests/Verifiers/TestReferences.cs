using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace LockContextAnalyzers.Tests.Verifiers
{
    /// <summary>
    /// The references every test compilation gets: the running runtime's own assemblies (so tests
    /// need no reference-assembly download) and the model assembly, LockContext.dll.
    /// </summary>
    internal static class TestReferences
    {
        public static readonly ImmutableArray<MetadataReference> All = Load();

        /// <summary>An empty reference set: <see cref="All"/> supplies everything instead.</summary>
        public static readonly ReferenceAssemblies None = new ReferenceAssemblies("net10.0");

        public const string GlobalUsings =
            "global using System;\nglobal using System.Collections.Generic;\nglobal using LockContext;\nglobal using static LockContext.Kernel;\n";

        private static ImmutableArray<MetadataReference> Load()
        {
            var runtime = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
                .Split(Path.PathSeparator)
                .Where(p => p.Length > 0)
                .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name == "netstandard.dll" || name == "mscorlib.dll"))
                .Where(p => !p.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));
            return runtime
                .Append(typeof(LockContext.Kernel).Assembly.Location)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();
        }
    }
}
