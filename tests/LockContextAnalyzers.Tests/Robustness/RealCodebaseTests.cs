using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace LockContextAnalyzers.Tests.Robustness
{
    /// <summary>
    /// A sizeable real C# codebase that does not use the model: the netstandard2.0 sources of the
    /// Polyfill package (~310 files, ~25k lines, restored with the tests), compiled with the model
    /// referenced so that the analyzer really runs. It must report nothing and throw nothing.
    /// </summary>
    public class RealCodebaseTests
    {
        private readonly ITestOutputHelper output;

        public RealCodebaseTests(ITestOutputHelper output) { this.output = output; }

        [Fact]
        public async Task PolyfillSources_NoDiagnostics_NoExceptions()
        {
            var root = typeof(RealCodebaseTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "PolyfillPath").Value!;
            var folder = Path.Combine(root, "contentFiles", "cs", "netstandard2.0");
            var files = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.True(files.Length > 200, $"expected the Polyfill sources under {folder}");
            int lines = files.Sum(f => File.ReadAllLines(f).Length);

            // As is: the code never names the model, so the analyzer skips it. With one correct
            // file that does, every one of Polyfill's bodies goes through the whole analysis.
            const string usesTheModel = "static class UsesModel { static Spinlock l = new(); public static void M() { SpinLockBh(l); SpinUnlockBh(l); } }";
            foreach (var (label, extra) in new[] { ("as is", Array.Empty<string>()), ("plus one file using the model", new[] { usesTheModel }) })
            {
                var compilation = AnalyzerRunner.Compile(files.Select(File.ReadAllText).Concat(extra));
                compilation.GetDiagnostics();
                var watch = Stopwatch.StartNew();
                var result = await AnalyzerRunner.RunAsync(compilation);
                output.WriteLine($"Polyfill 11.4.5 netstandard2.0 sources, {label}: {files.Length} files, {lines} lines, analyzer {watch.ElapsedMilliseconds} ms");
                AnalyzerRunner.AssertSane(result);
                Assert.Empty(result.Diagnostics.Where(d => d.Id.StartsWith("LCA", StringComparison.Ordinal)));
            }
        }
    }
}
