using System.Diagnostics;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace LockContextAnalyzers.Benchmarks;

/// <summary>Where the analysis spends its time, phase by phase (for profiling; `--phases N`).</summary>
public static class Phases
{
    private static void Measure(string what, Action action)
    {
        long allocated = GC.GetTotalAllocatedBytes(true);
        var watch = Stopwatch.StartNew();
        action();
        Console.WriteLine($"{what}: {watch.ElapsedMilliseconds} ms, {(GC.GetTotalAllocatedBytes(true) - allocated) / 1e6:F1} MB allocated");
    }

    // Binding alone, then control-flow graphs, on fresh semantic models; then one walk over every token.
    private static void ReportBinding(Compilation compilation)
    {
        compilation.GetDiagnostics();
        var watch = Stopwatch.StartNew();
        int bodies = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var m in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()) { model.GetOperation(m); bodies++; }
        }
        Console.WriteLine($"  binding {bodies} method bodies: {watch.ElapsedMilliseconds} ms");
        watch.Restart();
        long before = GC.GetTotalAllocatedBytes(true);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var m in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()) ControlFlowGraph.Create(m, model);
        }
        Console.WriteLine($"  binding + control-flow graphs: {watch.ElapsedMilliseconds} ms ({(GC.GetTotalAllocatedBytes(true) - before) / 1e6:F0} MB allocated)");
        watch.Restart();
        long tokens = 0;
        foreach (var tree in compilation.SyntaxTrees) tokens += tree.GetRoot().DescendantTokens().LongCount();
        Console.WriteLine($"  every token of every tree, once: {watch.ElapsedMilliseconds} ms ({tokens} tokens)");
    }

    public static void Report(Compilation compilation)
    {
        // LCA_PHASES_BINDING=0 skips binding and the token walk, so the syntactic pass meets its
        // trees as a build's generator does: no red node made yet.
        bool binding = Environment.GetEnvironmentVariable("LCA_PHASES_BINDING") != "0";
        var watch = Stopwatch.StartNew();
        if (binding) ReportBinding(compilation);
        var api = KernelApi.TryCreate(compilation)!;
        long relevanceAllocated = GC.GetTotalAllocatedBytes(true);
        var relevanceCpu = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        var relevant = ModelBuilder.RelevanceOf(compilation, api, default);
        long relevanceMs = watch.ElapsedMilliseconds;
        int relevantCount = compilation.SyntaxTrees.Select((t, i) => relevant.Of(i).Count(b => b)).Sum();
        Console.WriteLine($"  relevant bodies (syntax only, first time): {relevanceMs} ms ({relevantCount} bodies to bind; CPU {(Process.GetCurrentProcess().TotalProcessorTime - relevanceCpu).TotalMilliseconds:F0} ms; {(GC.GetTotalAllocatedBytes(true) - relevanceAllocated) / 1e6:F0} MB allocated)");
        watch.Restart();
        ModelBuilder.RelevanceOf(compilation, api, default);
        Console.WriteLine($"  relevant bodies again (every tree's names cached): {watch.ElapsedMilliseconds} ms");

        watch.Restart();
        var pause = GC.GetTotalPauseDuration();
        long allocated = GC.GetTotalAllocatedBytes(true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var index = ModelBuilder.Summarize(compilation, api, default);
        Console.WriteLine($"  summaries: {watch.ElapsedMilliseconds} ms ({index.Summaries.Count} bodies; CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms; " +
            $"{(GC.GetTotalAllocatedBytes(true) - allocated) / 1e6:F0} MB allocated, GC pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms)");
        watch.Restart();
        int callTargets = 0;
        foreach (var s in index.Summaries) foreach (var c in s.Calls) callTargets += index.Resolve(c.Target).Count;
        Console.WriteLine($"  resolving calls: {watch.ElapsedMilliseconds} ms ({callTargets} call edges)");
        watch.Restart();
        var analysis = LockAnalysis.Run(index.Summaries, index, index.LocalValues, AnalysisOptions.Default, default);
        Console.WriteLine($"  call-graph walk and marks: {watch.ElapsedMilliseconds} ms ({analysis.VisitCount} visits, {analysis.Edges.Count} edges)");
        foreach (var rule in LockContextAnalyzers.Rules.RuleRegistry.All)
        {
            watch.Restart();
            int found = rule.Report(new LockContextAnalyzers.Rules.RuleInput(analysis, new HashSet<Location>(), default)).Count();
            Console.WriteLine($"    {rule.Descriptor.Id}: {watch.ElapsedMilliseconds} ms ({found} findings)");
        }
        // The passes the walk starts with, each alone (the call targets are resolved already).
        Measure("  call graph", () => new CallGraph(index.Summaries, index, default));
        Measure("  sleep reachability", () => new SleepReachability(index.Summaries, analysis.Graph, default));
        Measure("  transitive acquisitions", () => new TransitiveAcquisitions(index.Summaries, analysis.Graph, analysis.Locks, default));
        Measure("  entry points", () => EntryPoints.Find(index.Summaries, index, analysis.Graph, AnalysisOptions.Default).Count());
        // What an edit that changes a lock fact pays after its summaries: the walk and the rules
        // again (LCA_PHASES_WALKS=K repeats it, for a profiler).
        int walks = int.TryParse(Environment.GetEnvironmentVariable("LCA_PHASES_WALKS"), out var k) ? k : 3;
        using var sampler = Environment.GetEnvironmentVariable("LCA_PHASES_ALLOCATIONS") == "1" ? new AllocationSampler() : null;
        for (int i = 0; i < walks; i++)
        {
            if (sampler != null) sampler.Enabled = true;
            var pauseBefore = GC.GetTotalPauseDuration();
            long allocBefore = GC.GetTotalAllocatedBytes(true);
            int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
            watch.Restart();
            var again = LockAnalysis.Run(index.Summaries, index, index.LocalValues, AnalysisOptions.Default, default);
            long walkMs = watch.ElapsedMilliseconds;
            int found = LockContextAnalyzers.Rules.RuleRegistry.Report(again, default).Count();
            Console.WriteLine($"  walk and rules again: {walkMs} + {watch.ElapsedMilliseconds - walkMs} ms ({found} findings; " +
                $"{(GC.GetTotalAllocatedBytes(true) - allocBefore) / 1e6:F0} MB allocated, {GC.CollectionCount(0) - gen0} GCs ({GC.CollectionCount(2) - gen2} gen2), pauses {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:F0} ms)");
        }
        if (sampler != null)
        {
            sampler.Enabled = false;
            Console.WriteLine($"  what the {walks} walks and rules allocated, by type (sampled every ~100 KB):");
            foreach (var line in sampler.Top(20)) Console.WriteLine("    " + line);
        }
        index = null!;
        analysis = null!;
        // Again on the same text, freshly parsed (the same trees would reuse every summary: SummaryCache).
        Compilation Reparsed()
        {
            var again = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), (CSharpParseOptions)t.Options, t.FilePath)));
            again.GetDiagnostics();
            return again;
        }
        var fresh = Reparsed();
        var freshApi = KernelApi.TryCreate(fresh)!;
        // What an analysis leaves held while its trees live (the facts, kept for the next edit, and
        // whatever they hold): in a build, on top of the compiler's own memory until it is done.
        long heldBefore = GC.GetTotalMemory(true);
        var kept = CompilationFindings.Compute(fresh, freshApi, AnalysisOptions.Default, default);
        Console.WriteLine($"  held after a fresh analysis: {(GC.GetTotalMemory(true) - heldBefore) / 1e6:F0} MB");
        GC.KeepAlive(kept);
        fresh = Reparsed();
        freshApi = KernelApi.TryCreate(fresh)!;
        double peak;
        using (var heap = new HeapPeak())
        {
            // Outside a driver: no semantic-model cache keeps a tree's bound bodies after its walk.
            watch.Restart();
            CompilationFindings.Compute(fresh, freshApi, AnalysisOptions.Default, default);
            peak = heap.PeakMb;
        }
        Console.WriteLine($"  all again on fresh trees, end to end: {watch.ElapsedMilliseconds} ms (heap peak {peak:F0} MB above the bound compilation)");
        watch.Restart();
        CompilationFindings.Compute(fresh, freshApi, AnalysisOptions.Default, default);
        Console.WriteLine($"  the same compilation once more (every tree's summaries reused): {watch.ElapsedMilliseconds} ms");
    }
}
