using System;
using System.IO;
using System.Linq;
using System.Reflection;
using LockContextAnalyzers.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace LockContextAnalyzers.Tests.Consistency
{
    /// <summary>The descriptors, the release tracking files, the docs pages and the README's table agree.</summary>
    public class RuleCatalogueTests
    {
        private static string RepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "LockContextAnalyzers.sln"))) return dir.FullName;
            throw new InvalidOperationException("repository root not found");
        }

        public static TheoryData<string> Ids()
        {
            var data = new TheoryData<string>();
            foreach (var d in LockContextAnalyzer.Descriptors()) data.Add(d.Id);
            return data;
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void EveryRule_HasDocsPage_HelpLink_ReleaseRow_AndReadmeRow(string id)
        {
            var root = RepoRoot();
            var descriptor = LockContextAnalyzer.Descriptors().Single(d => d.Id == id);

            var page = Path.Combine(root, "docs", "rules", id + ".md");
            Assert.True(File.Exists(page), $"missing {page}");
            var text = File.ReadAllText(page);
            Assert.StartsWith($"# {id}: {descriptor.Title}", text);
            Assert.Contains("Bad code", text);
            Assert.Contains("Good code", text);
            Assert.Contains("CPU0", text);

            Assert.EndsWith($"/docs/rules/{id}.md", descriptor.HelpLinkUri);

            var releases = File.ReadAllText(Path.Combine(root, "src", "LockContextAnalyzers", "AnalyzerReleases.Unshipped.md"))
                + File.ReadAllText(Path.Combine(root, "src", "LockContextAnalyzers", "AnalyzerReleases.Shipped.md"));
            Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases);

            var readme = File.ReadAllText(Path.Combine(root, "README.md"));
            Assert.Contains($"| [{id}](docs/rules/{id}.md) | {descriptor.Title} | {descriptor.DefaultSeverity} |", readme);
        }

        [Fact]
        public void EveryCodeFix_FixesAKnownRule_AndEveryFixableRuleHasOne()
        {
            var fixes = typeof(LCA0008UseMatchingUnlockCodeFix).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
                .ToList();
            var ids = LockContextAnalyzer.Descriptors().Select(d => d.Id).ToHashSet();
            foreach (var fix in fixes)
            {
                Assert.NotNull(fix.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>());
                Assert.All(fix.FixableDiagnosticIds, id => Assert.Contains(id, ids));
                Assert.StartsWith(fix.FixableDiagnosticIds.Single(), fix.GetType().Name);
            }
            Assert.Equal(new[] { "LCA0001", "LCA0002", "LCA0003", "LCA0008", "LCA0010", "LCA0011" }, fixes.SelectMany(f => f.FixableDiagnosticIds).OrderBy(x => x));
        }
    }
}
