using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using LockContextAnalyzers;
using LockContextAnalyzers.Benchmarks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// For each size: compile time (full binding), our analyzer's execution time (the compiler's own
// analyzer telemetry, what -p:ReportAnalyzer=true shows), memory, planted bugs found, the same
// for the SDK's NetAnalyzers (the peer every SDK build already runs), and at 5k methods the
// time to re-analyse one edited document in a new compilation, as an IDE does.
bool oursOnly = args.Contains("--ours-only"); // for profiling: skip the peer and the edit loop
if (args.Contains("--lockdep"))
{
    LockdepOverhead.Run();
    return 0;
}
if (args.Contains("--build"))
{
    // A real `dotnet build` of the corpus (RealBuild.cs); `--runs K` repeats each size K times.
    int runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).DefaultIfEmpty(3).First();
    RealBuild.AnalyzerPath = args.SkipWhile(a => a != "--analyzer").Skip(1).FirstOrDefault();
    RealBuild.RecordFacts = !args.Contains("--no-facts");
    var buildSizes = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).Where(n => n >= 100).ToArray();
    RealBuildReport.Run(buildSizes, runs, mixed: args.Contains("--mixed"));
    return 0;
}
if (args.Contains("--compiler"))
{
    // The compiler alone, with the arguments MSBuild gives it (CompilerOnly.cs).
    int rounds = args.SkipWhile(a => a != "--runs").Skip(1).Select(int.Parse).DefaultIfEmpty(3).First();
    RealBuild.AnalyzerPath = args.SkipWhile(a => a != "--analyzer").Skip(1).FirstOrDefault();
    RealBuild.RecordFacts = !args.Contains("--no-facts");
    var variant = args.SkipWhile(a => a != "--variant").Skip(1).FirstOrDefault();
    CompilerOnly.Report(args.Where(a => int.TryParse(a, out _)).Select(int.Parse).Where(n => n >= 100).ToArray(), rounds, variant);
    return 0;
}
if (args.Contains("--phases"))
{
    foreach (var n in args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse))
    {
        var c = args.Contains("--mixed") ? MixedCorpus.Generate(n) : CorpusGenerator.Generate(n);
        Console.WriteLine($"{n} methods{(args.Contains("--mixed") ? ", mixed corpus" : "")}:");
        Phases.Report(CSharpCompilation.Create("Corpus", c.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, path: f.Path)),
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll")
                .Append(typeof(LockContext.Kernel).Assembly.Location).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: args.Contains("--no-nullable") ? NullableContextOptions.Disable : NullableContextOptions.Enable)));
    }
    return 0;
}
var sizes = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse).DefaultIfEmpty().Where(n => n > 0).ToArray();
if (sizes.Length == 0) sizes = new[] { 1000, 5000, 20000, 50000 };
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
    .Append(typeof(LockContext.Kernel).Assembly.Location)
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
    .ToList();
if (args.Contains("--facts"))
{
    Console.WriteLine(LibraryFactsCost.Header);
    foreach (var n in args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse))
        LibraryFactsCost.Run(n, references);
    return 0;
}
if (args.Contains("--check"))
{
    foreach (var n in args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse))
        if (!Check.Run(n, Compile)) return 1;
    return 0;
}
if (args.Contains("--edit"))
{
    // Edit re-analysis alone, at any size (the full run measures it at 5k).
    foreach (var n in args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse))
        await EditorLatency.Run(CorpusGenerator.Generate(n), Compile);
    return 0;
}
var peer = oursOnly ? ImmutableArray<DiagnosticAnalyzer>.Empty : LoadPeer();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"peer: {peer.Length} analyzers from the SDK's Microsoft.CodeAnalysis.NetAnalyzers");
Console.WriteLine();
Console.WriteLine("| methods | compile (ms) | LockContext analyzer (ms) | ratio | NetAnalyzers (ms) | ratio | compile peak (MB) | compilation kept (MB) | analysis peak (MB) | ratio to compile peak | allocated (MB) | planted found / expected | other LCA |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
var times = new Dictionary<int, double>();
var marginal = new List<(int Methods, double CompileMs, double PeerWallMs, double BothWallMs)>();
// Warm the JIT on a small corpus first, so the first size is not charged for it.
{
    var warm = Compile(CorpusGenerator.Generate(400));
    warm.GetDiagnostics();
    await Measure(warm, new LockContextAnalyzer());
    if (!peer.IsEmpty) await MeasureMany(Compile(CorpusGenerator.Generate(400)), peer.Add(new LockContextAnalyzer()));
}
foreach (var size in sizes)
{
    var corpus = CorpusGenerator.Generate(size);
    double compileMs, compilationMb, compilePeakMb;
    using (var heap = new HeapPeak())
    {
        // The compiler's peak while it binds everything, and what the compilation keeps afterwards
        // (trees, symbols; bound bodies are not kept).
        var compilation = Compile(corpus);
        var watch = Stopwatch.StartNew();
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        compileMs = watch.Elapsed.TotalMilliseconds;
        if (errors.Count > 0) { Console.WriteLine($"corpus does not compile: {errors[0]}"); return 1; }
        compilePeakMb = heap.PeakMb;
        compilationMb = heap.RetainedMb;
        GC.KeepAlive(compilation);
    }

    var ours = await Measure(Compile(corpus), new LockContextAnalyzer());
    var peerAlone = await MeasureMany(Compile(corpus), peer);
    double peerMs = peerAlone.Ms;
    if (!peer.IsEmpty)
    {
        // In a build both run, on one driver that shares bound bodies between analyzers: what
        // adding ours costs there is the difference in wall time, whoever the telemetry charges
        // for binding. Each side twice, alternating, and the faster of each: single runs on this
        // machine vary by a second or more.
        double alone = peerAlone.WallMs, both = double.MaxValue;
        for (int round = 0; round < 2; round++)
        {
            both = Math.Min(both, (await MeasureMany(Compile(corpus), peer.Add(new LockContextAnalyzer()))).WallMs);
            if (round == 0) alone = Math.Min(alone, (await MeasureMany(Compile(corpus), peer)).WallMs);
        }
        marginal.Add((corpus.Methods, compileMs, alone, both));
    }
    var planted = ours.Diagnostics.Where(d => d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString().Contains("// PLANTED " + d.Id)).ToList();
    int other = ours.Diagnostics.Count(d => d.Id.StartsWith("LCA", StringComparison.Ordinal)) - planted.Count;
    times[size] = ours.Ms;
    Console.WriteLine($"| {corpus.Methods} | {compileMs:F0} | {ours.Ms:F0} | {ours.Ms / compileMs:F2} | {peerMs:F0} | {peerMs / compileMs:F2} | " +
        $"{compilePeakMb:F0} | {compilationMb:F0} | {ours.PeakMb:F0} | {ours.PeakMb / compilePeakMb:F2} | {ours.AllocatedMb:F0} | " +
        $"{planted.Count} / {corpus.PlantedLca0001 + corpus.PlantedLca0002} | {other} |");
    if (other > 0) foreach (var d in ours.Diagnostics.Except(planted).Take(3)) Console.WriteLine("  unexpected: " + d);
}
if (marginal.Count > 0)
{
    Console.WriteLine("\n| methods | compile (ms) | NetAnalyzers alone, wall (ms) | NetAnalyzers + LockContext, wall (ms) | added by LockContext (ms) | added / compile |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var (methods, compile, alone, both) in marginal)
        Console.WriteLine($"| {methods} | {compile:F0} | {alone:F0} | {both:F0} | {both - alone:F0} | {(both - alone) / compile:F2} |");
}
if (times.TryGetValue(5000, out var t5) && times.TryGetValue(50000, out var t50))
    Console.WriteLine($"\ngrowth exponent 5k -> 50k: {Math.Log(t50 / t5) / Math.Log(10):F2}");

if (sizes.Contains(5000) && !oursOnly) await EditorLatency.Run(CorpusGenerator.Generate(5000), Compile);
return 0;

CSharpCompilation Compile(CorpusGenerator.Corpus corpus) =>
    CSharpCompilation.Create("Corpus",
        corpus.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, path: f.Path)),
        references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

// Peak: the largest heap above the bound compilation while the analyzer runs, garbage included.
async Task<(double Ms, double AllocatedMb, double PeakMb, ImmutableArray<Diagnostic> Diagnostics)> Measure(Compilation compilation, DiagnosticAnalyzer analyzer)
{
    compilation.GetDiagnostics(); // bind first: the build binds once and analyzers share it
    using var heap = new HeapPeak();
    long allocBefore = GC.GetTotalAllocatedBytes(true);
    var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer),
        new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
    var wall = Stopwatch.StartNew();
    var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
    long alloc = GC.GetTotalAllocatedBytes(true) - allocBefore;
    double peak = heap.PeakMb;
    GC.KeepAlive(withAnalyzers);
    return (telemetry.ExecutionTime.TotalMilliseconds, alloc / 1e6, peak, diagnostics);
}

async Task<(double Ms, double WallMs, int Count)> MeasureMany(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
{
    if (analyzers.IsEmpty) return (double.NaN, double.NaN, 0);
    compilation.GetDiagnostics();
    var withAnalyzers = compilation.WithAnalyzers(analyzers,
        new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
    var wall = Stopwatch.StartNew();
    var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    double wallMs = wall.Elapsed.TotalMilliseconds;
    double ms = 0;
    foreach (var a in analyzers) ms += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None)).ExecutionTime.TotalMilliseconds;
    return (ms, wallMs, diagnostics.Length);
}

static ImmutableArray<DiagnosticAnalyzer> LoadPeer()
{
    var dir = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "sdk");
    var sdk = Directory.Exists(dir) ? Directory.GetDirectories(dir).OrderBy(d => d).LastOrDefault() : null;
    if (sdk == null) return ImmutableArray<DiagnosticAnalyzer>.Empty;
    var builder = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
    foreach (var name in new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" })
    {
        var path = Path.Combine(sdk, "Sdks", "Microsoft.NET.Sdk", "analyzers", name);
        if (!File.Exists(path)) continue;
        Type?[] types;
        try { types = Assembly.LoadFrom(path).GetTypes(); }
        catch (ReflectionTypeLoadException e) { types = e.Types; }
        foreach (var t in types)
            if (t != null && !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp))
                && t.GetConstructor(Type.EmptyTypes) != null)
                try { builder.Add((DiagnosticAnalyzer)Activator.CreateInstance(t)!); } catch { /* an analyzer that needs a host we lack */ }
    }
    return builder.ToImmutable();
}
