using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers.Benchmarks;

/// <summary>
/// What a user waits for in the editor (`--edit N`): after each edit a new compilation with the
/// edited tree replaced, then the edited document's semantic diagnostics from a new analyzer
/// driver, as an IDE asks on every keystroke. Body edits go to a different file each time (one
/// file edited over and over would measure a cache hit); declaration edits add a method, change a
/// signature, and add a registration; the memory still held after the 100 edits is reported, and
/// again after the fact-changing ones (which keep the last analysis' index and graph to patch).
/// </summary>
public static class EditorLatency
{
    public static async Task Run(CorpusGenerator.Corpus corpus, Func<CorpusGenerator.Corpus, CSharpCompilation> compile)
    {
        var compilation = (Compilation)compile(corpus);
        await Diagnostics(compilation, null); // the project as opened: everything analysed once
        int modules = corpus.Files.Count(f => f.Path.StartsWith("Module", StringComparison.Ordinal));
        long baseline = Retained();

        var body = new List<double>();
        var made = new List<WeakReference<Compilation>>();
        for (int i = 0; i < 100; i++)
        {
            // Module 3, 13, 23, ... carry a planted LCA0001 that must stay; the others must stay clean.
            int m = (3 + 10 * i + i / Math.Max(1, modules / 10)) % modules;
            var (edited, next) = Replace(compilation, $"Module{m}.cs", "counter--;", $"counter -= {i + 2};");
            compilation = next;
            made.Add(new WeakReference<Compilation>(next));
            var watch = Stopwatch.StartNew();
            var found = await Diagnostics(compilation, edited);
            if (i < 20) body.Add(watch.Elapsed.TotalMilliseconds);
            bool planted = m % 10 == 3;
            if (found.Any(d => d.Id == "LCA0001") != planted) Console.WriteLine($"  edit {i}: Module{m}'s LCA0001 is {(planted ? "missing" : "unexpected")}");
        }
        long retained = Retained() - baseline;

        // Body edits that change a lock fact (the helper's lock form), each in another file: the analysis runs.
        var changing = new List<double>();
        for (int i = 0; i < 7; i++)
        {
            int m = (5 + 10 * i) % modules;
            var (edited, next) = Replace(compilation, $"Module{m}.cs", "Worker(Spinlock l) { SpinLock(l); SpinUnlock(l); }", "Worker(Spinlock l) { SpinLockBh(l); SpinUnlockBh(l); }");
            compilation = next;
            var watch = Stopwatch.StartNew();
            await Diagnostics(compilation, edited);
            changing.Add(watch.Elapsed.TotalMilliseconds);
        }
        changing.Sort();
        int alive = made.Count(w => w.TryGetTarget(out _));
        // Now also the last analysis' index and call graph, kept for the next fact-changing edit to patch.
        long retainedWithIndex = Retained() - baseline;

        var declaration = new List<(string What, double Ms)>();
        foreach (var (what, file, from, to) in new[]
        {
            ("a new method", "Module5.cs", "    private static void Worker(", "    public static void Added() { SpinLock(Cfg); SpinUnlock(Cfg); }\n    private static void Worker("),
            ("a changed signature", "Module6.cs", "static void Worker(Spinlock l)", "static void Worker(Spinlock l, int n = 0)"),
            ("a new registration", "Module7.cs", "CallRcu(Head, Release);", "CallRcu(Head, Release); CallRcu(new RcuHead(), Release);"),
        })
        {
            var (edited, next) = Replace(compilation, file, from, to);
            compilation = next;
            var watch = Stopwatch.StartNew();
            await Diagnostics(compilation, edited);
            declaration.Add((what, watch.Elapsed.TotalMilliseconds));
        }

        body.Sort();
        Console.WriteLine($"editor at {corpus.Methods} methods: body edits in 20 different files, median {body[body.Count / 2]:F0} ms, " +
            $"min {body[0]:F0} ms, max {body[^1]:F0} ms; body edits that change a lock fact in 7 files, median {changing[changing.Count / 2]:F0} ms, max {changing[^1]:F0} ms; {string.Join(", ", declaration.Select(d => $"{d.What} {d.Ms:F0} ms"))}; " +
            $"held after 100 edits beyond the opened project: {retained / 1e6:F0} MB ({alive} of the 100 edits' compilations still alive), " +
            $"{retainedWithIndex / 1e6:F0} MB after the 7 that change a fact");
    }

    private static (SyntaxTree Edited, Compilation Next) Replace(Compilation compilation, string file, string from, string to)
    {
        var old = compilation.SyntaxTrees.First(t => t.FilePath == file);
        var text = old.GetText();
        int at = text.ToString().IndexOf(from, StringComparison.Ordinal);
        if (at < 0) // an earlier edit of this file changed the statement: edit what is there now
        {
            at = text.ToString().IndexOf("counter -= ", StringComparison.Ordinal);
            from = text.ToString().Substring(at, text.ToString().IndexOf(';', at) - at + 1);
        }
        var edited = old.WithChangedText(text.WithChanges(new TextChange(new TextSpan(at, from.Length), to)));
        return (edited, compilation.ReplaceSyntaxTree(old, edited));
    }

    // A new driver each time, as an IDE makes one per snapshot; null: the whole compilation.
    private static async Task<ImmutableArray<Diagnostic>> Diagnostics(Compilation compilation, SyntaxTree? document)
    {
        var analyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LockContextAnalyzer()));
        return document == null
            ? await analyzers.GetAnalyzerDiagnosticsAsync()
            : await analyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(document), null, CancellationToken.None);
    }

    private static long Retained()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }
}
