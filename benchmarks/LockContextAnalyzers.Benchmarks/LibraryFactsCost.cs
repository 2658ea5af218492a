using System.Diagnostics;
using System.Text;
using LockContextAnalyzers.CrossAssembly;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LockContextAnalyzers.Benchmarks;

/// <summary>
/// What recording and reading library facts costs (`--facts N`): the corpus built as a library
/// with the package's generator (as written, and with every private method made public, the
/// worst case for size), the facts' size, the time the generator takes, the time the analyzers
/// then take on the same trees (they move the generator's findings), and a small project that
/// references the library's reference assembly: reading the facts and analysing it.
/// </summary>
internal static class LibraryFactsCost
{
    public static void Run(int methods, IReadOnlyList<MetadataReference> references)
    {
        var corpus = CorpusGenerator.Generate(methods);
        foreach (var allPublic in new[] { false, true })
        {
            var files = corpus.Files.Select(f => (f.Path, Text: allPublic ? f.Text.Replace("private static", "public static") : f.Text));
            var library = CSharpCompilation.Create("Corpus", files.Select(f => CSharpSyntaxTree.ParseText(f.Text, path: "/src/Corpus/" + f.Path)),
                references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            var watch = Stopwatch.StartNew();
            CSharpGeneratorDriver.Create(new LibraryFactsGenerator().AsSourceGenerator())
                .RunGeneratorsAndUpdateCompilation(library, out var built, out _);
            double generatorMs = watch.Elapsed.TotalMilliseconds;
            string text = built.Assembly.GetAttributes()
                .Where(a => a.AttributeClass?.Name == "AssemblyMetadataAttribute" && a.ConstructorArguments[0].Value as string == LibraryFacts.MetadataKey)
                .Select(a => (string)a.ConstructorArguments[1].Value!).Single();
            var facts = FactsText.Read(text)!;

            watch.Restart();
            var findings = CompilationFindings.Compute(built, PerMethod.KernelApi.TryCreate(built)!, AnalysisOptions.Default, default);
            double analyzersMs = watch.Elapsed.TotalMilliseconds;

            using var image = new MemoryStream();
            built.Emit(image, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(metadataOnly: true, includePrivateMembers: false));
            var reference = MetadataReference.CreateFromImage(image.ToArray());
            var driverAlone = CSharpCompilation.Create("Driver", new[] { CSharpSyntaxTree.ParseText(Consumer, path: "/src/Driver/Driver.cs") },
                references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var consumer = driverAlone.AddReferences(reference);
            watch.Restart();
            var imported = ImportedLibraries.Of(consumer, default);
            double readMs = watch.Elapsed.TotalMilliseconds;
            var consumerFindings = CompilationFindings.Compute(consumer, PerMethod.KernelApi.TryCreate(consumer)!, AnalysisOptions.Default, default);
            double consumerMs = watch.Elapsed.TotalMilliseconds;
            int consumerWarnings = consumer.SyntaxTrees.Sum(t => consumerFindings.In(t).Length);

            // The IDE: the driver references the library's live compilation (no generator output).
            var liveReference = library.ToMetadataReference();
            var live = driverAlone.AddReferences(liveReference);
            watch.Restart();
            var first = CompilationFindings.Compute(live, PerMethod.KernelApi.TryCreate(live)!, AnalysisOptions.Default, default);
            double liveFirstMs = watch.Elapsed.TotalMilliseconds;
            var editedAlone = driverAlone.ReplaceSyntaxTree(driverAlone.SyntaxTrees.First(),
                CSharpSyntaxTree.ParseText(Consumer.Replace("\"drv\"", "\"drv2\""), path: "/src/Driver/Driver.cs"));
            var editedDriver = editedAlone.AddReferences(liveReference);
            watch.Restart();
            CompilationFindings.Compute(editedDriver, PerMethod.KernelApi.TryCreate(editedDriver)!, AnalysisOptions.Default, default);
            double driverEditMs = watch.Elapsed.TotalMilliseconds;
            var tree = library.SyntaxTrees.Skip(1).First();
            var editedLibrary = library.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(tree.GetText().ToString().Replace("counter = 0;", "counter = 1;"), path: tree.FilePath));
            var afterLibraryEdit = editedAlone.AddReferences(editedLibrary.ToMetadataReference());
            watch.Restart();
            CompilationFindings.Compute(afterLibraryEdit, PerMethod.KernelApi.TryCreate(afterLibraryEdit)!, AnalysisOptions.Default, default);
            double libraryEditMs = watch.Elapsed.TotalMilliseconds;

            Console.WriteLine($"| {methods:N0} | {(allPublic ? "every method public" : "as generated")} | {facts.Methods.Count(m => m.Id != null):N0} | {facts.Entries.Length:N0} "
                + $"| {Encoding.UTF8.GetByteCount(text) / 1024.0:N0} KB | {generatorMs:N0} ms | {analyzersMs:N0} ms ({(findings.FindingsReused ? "moved" : "analysed again")}) "
                + $"| {readMs:N0} ms | {consumerMs:N0} ms, {consumerWarnings} LCA | {liveFirstMs:N0} ms, {live.SyntaxTrees.Sum(t => first.In(t).Length)} LCA | {driverEditMs:N0} ms | {libraryEditMs:N0} ms |");
            // Where the generator's time goes, on a fresh parse of the same sources (nothing cached).
            var again = CSharpCompilation.Create("Corpus", library.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), path: t.FilePath)),
                references, (CSharpCompilationOptions)library.Options);
            watch.Restart();
            var analysed = CompilationFindings.Compute(again, PerMethod.KernelApi.TryCreate(again)!, AnalysisOptions.Default, default);
            double analysisMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var exported = FactsExport.From(again, analysed.Analysis!, analysed.Analysis!.Calls, AnalysisOptions.Default, default);
            double exportMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            string source = LibraryFactsGenerator.Source(exported);
            double writeMs = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            CSharpSyntaxTree.ParseText(source).GetRoot();
            double parseMs = watch.Elapsed.TotalMilliseconds;
            Console.Error.WriteLine($"  {methods:N0} {(allPublic ? "public" : "as generated")}: analysis and findings {analysisMs:N0} ms, flatten {exportMs:N0} ms, text {writeMs:N0} ms, parse of the generated file {parseMs:N0} ms");
            // What the bytes are: per record kind (F files, C classes, M methods, A acquisitions, S sleeps, R registrations, E entries).
            Console.Error.WriteLine($"  {methods:N0} {(allPublic ? "public" : "as generated")}: " + string.Join(", ", text.Split('\n').Skip(1).Where(l => l.Length > 0)
                .GroupBy(l => l[0]).Select(g => $"{g.Key} {g.Count():N0} lines {g.Sum(l => l.Length + 1) / 1024:N0} KB")));
        }
    }

    // Calls into the library from a kernel thread: module 0's Init (public) registers everything.
    private const string Consumer = """
        using LockContext;
        using static LockContext.Kernel;
        static class Driver
        {
            public static void Start() => KthreadRun(_ => { Corpus.Module0.Init(); return 0; }, null, "drv");
        }
        """;

    public const string Header = "| methods | library | callable methods recorded | entries recorded | facts (UTF-8) | generator | analyzers after it | driver: read facts | driver: read + analyse | IDE: driver on the live library, first | IDE: after a driver edit | IDE: after a library edit |\n|---|---|---|---|---|---|---|---|---|---|---|---|";
}
