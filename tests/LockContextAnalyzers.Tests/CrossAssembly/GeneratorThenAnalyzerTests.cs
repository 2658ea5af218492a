using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockContextAnalyzers.Tests.CrossAssembly
{
    /// <summary>
    /// In a library's build the generator analyses the compilation first; the analyzers then see the
    /// same trees plus the facts' own. They must move the generator's findings instead of analysing
    /// again, and those findings must be the ones a fresh analysis gives.
    /// </summary>
    public class GeneratorThenAnalyzerTests
    {
        private const string Bug = """
            namespace Core
            {
                public static class Seed
                {
                    static readonly Spinlock InodeLock = new Spinlock();
                    public static void Init() => KthreadRun(_ => { SpinLock(InodeLock); SpinUnlock(InodeLock); return 0; }, null, "gc");
                    public static void Unref(RcuHead h) => CallRcu(h, Release);
                    static void Release(RcuHead h) { SpinLock(InodeLock); SpinUnlock(InodeLock); }
                }
            }
            """;

        [Fact]
        public void TheAnalyzersMoveTheGeneratorsFindings_WhichEqualAFreshAnalysis()
        {
            LibraryBuild.Emit("Core", new[] { CrossAssemblyTests.Core, Bug }, out var built);
            Assert.NotNull(LibraryBuild.FactsText(built));
            var api = KernelApi.TryCreate(built)!;
            var afterGenerator = CompilationFindings.Compute(built, api, AnalysisOptions.Default, CancellationToken.None);
            Assert.True(afterGenerator.FindingsReused);

            var fresh = CSharpCompilation.Create("Core", built.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), path: t.FilePath)),
                built.References, (CSharpCompilationOptions)built.Options);
            var again = CompilationFindings.Compute(fresh, KernelApi.TryCreate(fresh)!, AnalysisOptions.Default, CancellationToken.None);
            Assert.False(again.FindingsReused);
            string Text(Compilation c, CompilationFindings f) =>
                string.Join("\n", c.SyntaxTrees.SelectMany(t => f.In(t)).Select(d => d.ToString()));
            var expected = Text(fresh, again);
            Assert.Contains("LCA0001", expected);
            Assert.Equal(expected, Text(built, afterGenerator));
        }

        [Fact]
        public void OnceTheAnalyzersMovedThem_TheGeneratorsCompilationIsNotHeld()
        {
            var (input, built) = BuildWithoutKeepingTheInput();
            var findings = CompilationFindings.Compute(built, KernelApi.TryCreate(built)!, AnalysisOptions.Default, CancellationToken.None);
            Assert.True(findings.FindingsReused);
            Assert.Contains(built.SyntaxTrees, t => findings.In(t).Any(d => d.Id == "LCA0001"));

            // A build's compilation is the last of its line: nothing is kept for an edit that never comes.
            Assert.Null(SummaryCache.Previous(built));
            for (int i = 0; i < 3 && input.IsAlive; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            Assert.False(input.IsAlive, "the generator's compilation is still held after the analyzers moved its findings");
            GC.KeepAlive(built);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static (WeakReference Input, Compilation Built) BuildWithoutKeepingTheInput()
        {
            var input = LibraryBuild.Compile("Core", new[] { CrossAssemblyTests.Core, Bug });
            var built = LibraryBuild.RunGenerator(input);
            Assert.NotNull(LibraryBuild.FactsText(built));
            Assert.NotNull(SummaryCache.Previous(input));
            return (new WeakReference(input), built);
        }
    }
}
