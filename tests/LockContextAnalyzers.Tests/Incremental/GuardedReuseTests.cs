using System;
using System.Linq;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockContextAnalyzers.Tests.Incremental
{
    /// <summary>
    /// Guarded data across an edit: a [GuardedBy] added to a field in one file changes what bodies
    /// in another file record, so those trees are walked again and the findings equal a fresh analysis.
    /// </summary>
    public class GuardedReuseTests
    {
        private const string Decl = """
public sealed partial class Stats
{
    readonly Spinlock lk = new();
    {0} int count;
    public void Locked() { SpinLock(lk); count++; SpinUnlock(lk); }
}
""";

        private const string Use = """
public sealed partial class Stats
{
    public int Peek() => count;
    public static int Mtu(RcuPointer<Stats> p) => RcuDereference(p)?.Peek() ?? 0;
}
""";

        private static string Findings(Compilation compilation)
        {
            var findings = CompilationFindings.Compute(compilation, KernelApi.TryCreate(compilation)!, AnalysisOptions.Default, default);
            return string.Join("\n", compilation.SyntaxTrees.SelectMany(t => findings.In(t)).Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()}"));
        }

        private static Compilation Create(string decl) => CSharpCompilation.Create("G" + Guid.NewGuid().ToString("N"),
            new[]
            {
                CSharpSyntaxTree.ParseText(decl, path: "Decl.cs"),
                CSharpSyntaxTree.ParseText(Use, path: "Use.cs"),
                CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs"),
            },
            TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        [Fact]
        public void GuardedByAddedInOneFile_IsSeenInAnother_AsAFreshAnalysisSeesIt()
        {
            var before = Create(Decl.Replace("{0}", ""));
            string first = Findings(before);
            Assert.Contains("LCA0011", first);
            Assert.DoesNotContain("LCA0010", first);

            var decl = before.SyntaxTrees.First(t => t.FilePath == "Decl.cs");
            var after = before.ReplaceSyntaxTree(decl, CSharpSyntaxTree.ParseText(Decl.Replace("{0}", "[GuardedBy(\"lk\")]"), path: "Decl.cs"));
            string incremental = Findings(after);
            Assert.Contains("LCA0010", incremental);
            Assert.Equal(Findings(Create(Decl.Replace("{0}", "[GuardedBy(\"lk\")]"))), incremental);
        }
    }
}
