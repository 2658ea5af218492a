using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Xunit;

namespace LockContextAnalyzers.Tests.Consistency
{
    /// <summary>The README's guarded-data example says what the analyzer says: the comments name the findings, line by line.</summary>
    public class ReadmeExampleTests
    {
        [Fact]
        public async Task GuardedDataExample_ReportsWhatItsCommentsSay()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(dir!.FullName, "LockContextAnalyzers.sln"))) dir = dir.Parent;
            var readme = File.ReadAllText(Path.Combine(dir.FullName, "README.md"));
            int start = readme.IndexOf("sealed class Route { public int Mtu; }", StringComparison.Ordinal);
            Assert.True(start >= 0, "the example is in the README");
            var code = readme.Substring(start, readme.IndexOf("```", start, StringComparison.Ordinal) - start);
            var result = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(new[] { code }));
            AnalyzerRunner.AssertSane(result);
            var lines = code.Split('\n');
            var expected = lines.Select((l, i) => (Line: i + 1, Id: l.Contains("// LCA", StringComparison.Ordinal) ? l.Substring(l.IndexOf("// LCA", StringComparison.Ordinal) + 3, 7) : null))
                .Where(x => x.Id != null).Select(x => $"{x.Id} {x.Line}");
            var actual = result.Diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan().StartLinePosition.Line + 1}").OrderBy(x => x);
            Assert.Equal(expected.OrderBy(x => x), actual);
        }
    }
}
