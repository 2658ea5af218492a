using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using LockContextAnalyzers.CrossAssembly;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers.Tests.CrossAssembly
{
    /// <summary>
    /// Builds a library as <c>dotnet build</c> does for a project reference: its sources with the
    /// package's generator, emitted as a reference assembly (metadata only: no bodies, no private
    /// members), which is all a referencing project sees.
    /// </summary>
    internal static class LibraryBuild
    {
        public static MetadataReference Reference(string assemblyName, params string[] sources) =>
            MetadataReference.CreateFromImage(Emit(assemblyName, sources, out _));

        public static ImmutableArray<byte> Emit(string assemblyName, string[] sources, out Compilation withGenerated,
            params MetadataReference[] references)
        {
            withGenerated = RunGenerator(Compile(assemblyName, sources, references));
            using var stream = new MemoryStream();
            var result = withGenerated.Emit(stream, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(metadataOnly: true, includePrivateMembers: false));
            if (!result.Success) throw new Xunit.Sdk.XunitException(string.Join("\n", result.Diagnostics));
            return stream.ToArray().ToImmutableArray();
        }

        /// <summary>The library's sources (and the test references' global usings) as one compilation.</summary>
        public static Compilation Compile(string assemblyName, string[] sources, params MetadataReference[] references)
        {
            var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(SourceText.From(s, Encoding.UTF8), path: $"/src/{assemblyName}/Lib{i}.cs"))
                .Append(CSharpSyntaxTree.ParseText(SourceText.From(TestReferences.GlobalUsings, Encoding.UTF8), path: $"/src/{assemblyName}/Usings.cs"));
            return CSharpCompilation.Create(assemblyName, trees, TestReferences.All.AddRange(references),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        }

        /// <summary>The compilation with what the package's generator adds, as a build runs it.</summary>
        public static Compilation RunGenerator(Compilation compilation)
        {
            var driver = CSharpGeneratorDriver.Create(new LibraryFactsGenerator().AsSourceGenerator());
            driver.RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out var generatorDiagnostics);
            if (generatorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                throw new Xunit.Sdk.XunitException(string.Join("\n", generatorDiagnostics));
            return withGenerated;
        }

        /// <summary>The facts text the generator wrote, or null.</summary>
        public static string? FactsText(Compilation withGenerated) =>
            withGenerated.Assembly.GetAttributes()
                .Where(a => a.AttributeClass?.Name == "AssemblyMetadataAttribute" && a.ConstructorArguments[0].Value as string == LibraryFacts.MetadataKey)
                .Select(a => a.ConstructorArguments[1].Value as string)
                .FirstOrDefault();
    }
}
