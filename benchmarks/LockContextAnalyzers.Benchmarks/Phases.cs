using System.Diagnostics;
using LockContextAnalyzers.Engine;
using LockContextAnalyzers.Plumbing;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Benchmarks;

/// <summary>Where the analysis spends its time, phase by phase (for profiling; `--phases`).</summary>
public static class Phases
{
    public static void Report(Compilation compilation)
    {
        compilation.GetDiagnostics();
        var api = KernelApi.TryCreate(compilation)!;
        var watch = Stopwatch.StartNew();
        var index = ModelBuilder.Summarize(compilation, api, default);
        Console.WriteLine($"  summaries: {watch.ElapsedMilliseconds} ms ({index.Summaries.Count} bodies)");
        watch.Restart();
        var analysis = LockAnalysis.Run(index.Summaries, index, index.LocalValues, AnalysisOptions.Default, default);
        Console.WriteLine($"  call-graph walk and marks: {watch.ElapsedMilliseconds} ms ({analysis.VisitCount} visits, {analysis.Edges.Count} edges)");
        watch.Restart();
        var all = CompilationFindings.Compute(compilation, api, AnalysisOptions.Default, default);
        Console.WriteLine($"  all again, end to end: {watch.ElapsedMilliseconds} ms");
    }
}
