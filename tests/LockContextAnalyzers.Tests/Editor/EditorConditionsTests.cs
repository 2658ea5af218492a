using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace LockContextAnalyzers.Tests.Editor
{
    /// <summary>What an editor does to an analyzer: half-typed text, cancellation, repeated runs.</summary>
    public class EditorConditionsTests
    {
        private readonly ITestOutputHelper output;

        public EditorConditionsTests(ITestOutputHelper output) { this.output = output; }

        private static string RepoFile(params string[] parts)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "LockContextAnalyzers.sln")))
                    return File.ReadAllText(Path.Combine(new[] { dir.FullName }.Concat(parts).ToArray()));
            throw new InvalidOperationException("repository root not found");
        }

        public static TheoryData<string> TypedFiles() => new TheoryData<string>
        {
            "samples/SeedDeadlock/WitDriver.cs",
            "samples/SeedDeadlock/WitHrtimerPool.cs",
        };

        /// <summary>Every prefix of the file (about 150 of them) analysed as if typed so far, with the rest of the project complete.</summary>
        [Theory]
        [MemberData(nameof(TypedFiles))]
        public async Task TypingEveryPrefix_NeverThrows(string path)
        {
            var text = RepoFile(path.Split('/'));
            var others = new[] { "samples/SeedDeadlock/WitDriver.cs", "samples/SeedDeadlock/WitHrtimerPool.cs" }
                .Where(p => p != path).Select(p => RepoFile(p.Split('/'))).ToArray();
            int step = Math.Max(1, text.Length / 150), runs = 0;
            var watch = Stopwatch.StartNew();
            for (int length = 0; length <= text.Length; length += step)
            {
                var compilation = AnalyzerRunner.Compile(others.Prepend(text.Substring(0, length)), withUsings: true);
                AnalyzerRunner.AssertSane(await AnalyzerRunner.RunAsync(compilation));
                runs++;
            }
            output.WriteLine($"{path}: {runs} prefixes in {watch.ElapsedMilliseconds} ms");
        }

        /// <summary>
        /// The same typing as one line of snapshots, each an edit of the last (as an IDE makes
        /// them), so that summaries, declarations and findings are reused from half-typed text:
        /// never a throw, and now and then the same diagnostics as a fresh analysis of the text.
        /// </summary>
        [Fact]
        public async Task TypingAsEdits_ReusesSafely_AndMatchesAFreshAnalysis()
        {
            var text = RepoFile("samples", "SeedDeadlock", "WitDriver.cs");
            var other = RepoFile("samples", "SeedDeadlock", "WitHrtimerPool.cs");
            var compilation = (Compilation)AnalyzerRunner.Compile(new[] { "", other });
            AnalyzerRunner.AssertSane(await AnalyzerRunner.RunAsync(compilation));
            int step = Math.Max(1, text.Length / 60), compared = 0;
            static string Render(IEnumerable<Diagnostic> d) => string.Join("\n", d
                .OrderBy(x => x.Location.SourceTree?.FilePath).ThenBy(x => x.Location.SourceSpan.Start).ThenBy(x => x.Id)
                .Select(x => $"{x.Id} {x.Location.GetLineSpan()} {x.GetMessage()} [{string.Join(", ", x.AdditionalLocations.Select(l => l.GetLineSpan().ToString()))}]"));
            for (int length = step, n = 1; ; length = Math.Min(text.Length, length + step), n++)
            {
                var old = compilation.SyntaxTrees.First(t => t.FilePath == "File0.cs");
                var typed = old.GetText().WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(
                    new Microsoft.CodeAnalysis.Text.TextSpan(0, old.GetText().Length), text.Substring(0, length)));
                compilation = compilation.ReplaceSyntaxTree(old, old.WithChangedText(typed));
                var result = await AnalyzerRunner.RunAsync(compilation);
                AnalyzerRunner.AssertSane(result);
                if (n % 10 == 0 || length == text.Length)
                {
                    var fresh = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(new[] { text.Substring(0, length), other }));
                    Assert.Equal(Render(fresh.Diagnostics), Render(result.Diagnostics));
                    compared++;
                }
                if (length == text.Length) break;
            }
            Assert.True(compared >= 6);
        }

        [Fact]
        public async Task CancelledAnalysis_StopsPromptly_AndALaterRunStillWorks()
        {
            var sb = new System.Text.StringBuilder("static class Huge {\n");
            for (int i = 0; i < 3000; i++)
                sb.Append($"static Spinlock L{i} = new();\n[SoftirqContext] static void Rx{i}() {{ SpinLock(L{i}); SpinUnlock(L{i}); }}\npublic static void Tx{i}() {{ SpinLock(L{i}); SpinUnlock(L{i}); }}\n");
            sb.Append('}');
            var compilation = AnalyzerRunner.Compile(new[] { sb.ToString() });
            compilation.GetDiagnostics();

            foreach (int after in new[] { 0, 20, 200 })
            {
                using var cts = new CancellationTokenSource();
                if (after == 0) cts.Cancel(); else cts.CancelAfter(after);
                var watch = Stopwatch.StartNew();
                try
                {
                    await AnalyzerRunner.RunAsync(compilation, cts.Token);
                    output.WriteLine($"cancel after {after} ms: finished first, in {watch.ElapsedMilliseconds} ms");
                }
                catch (OperationCanceledException)
                {
                    output.WriteLine($"cancel after {after} ms: stopped {watch.ElapsedMilliseconds - after} ms after the cancel");
                    Assert.True(watch.ElapsedMilliseconds - after < 5_000, "cancellation was not honoured promptly");
                }
            }
            var complete = await AnalyzerRunner.RunAsync(compilation);
            AnalyzerRunner.AssertSane(complete);
            Assert.Equal(3000, complete.Diagnostics.Length);
        }

        [Fact]
        public async Task TwentyConcurrentRuns_GiveTheSameDiagnosticsInTheSameOrder()
        {
            var sources = new[] { RepoFile("samples", "SeedDeadlock", "WitDriver.cs"), RepoFile("samples", "SeedDeadlock", "WitHrtimerPool.cs") };
            string Render(ImmutableDiagnostics d) => string.Join("\n", d.Select(x =>
                $"{x.Id} {x.Location.GetLineSpan()} {x.GetMessage()} [{string.Join(", ", x.AdditionalLocations.Select(l => l.GetLineSpan().ToString()))}]"));
            var first = Render(new ImmutableDiagnostics((await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(sources))).Diagnostics));
            Assert.Contains("LCA0001", first);
            var runs = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
                Render(new ImmutableDiagnostics((await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(sources))).Diagnostics)))));
            Assert.All(runs, r => Assert.Equal(first, r));
        }

        private sealed class ImmutableDiagnostics : List<Diagnostic>
        {
            public ImmutableDiagnostics(IEnumerable<Diagnostic> d) : base(d.OrderBy(x => x.Location.SourceTree?.FilePath).ThenBy(x => x.Location.SourceSpan.Start).ThenBy(x => x.Id)) { }
        }
    }
}
