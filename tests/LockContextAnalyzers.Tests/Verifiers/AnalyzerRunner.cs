using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers.Tests.Verifiers
{
    /// <summary>Runs the analyzer the way a build or an IDE does, collecting analyzer exceptions (AD0001) instead of throwing.</summary>
    internal static class AnalyzerRunner
    {
        public sealed record Result(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Exceptions, Compilation Compilation);

        public static CSharpCompilation Compile(IEnumerable<string> sources, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, bool withUsings = true)
        {
            // With an encoding, so that a compilation can also be emitted with its symbols (the differential tests run it).
            var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(SourceText.From(s, Encoding.UTF8), path: $"File{i}.cs")).ToList();
            if (withUsings) trees.Add(CSharpSyntaxTree.ParseText(SourceText.From(TestReferences.GlobalUsings, Encoding.UTF8), path: "Usings.cs"));
            return CSharpCompilation.Create("Test", trees, TestReferences.All,
                new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        }

        public static async Task<Result> RunAsync(Compilation compilation, CancellationToken ct = default)
        {
            var exceptions = new ConcurrentQueue<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (e, analyzer, diagnostic) => exceptions.Enqueue(e),
                concurrentAnalysis: true, logAnalyzerExecutionTime: false);
            var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LockContextAnalyzer()), options);
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(ct);
            return new Result(diagnostics, exceptions.ToList(), compilation);
        }

        /// <summary>No exception, no AD0001, and every diagnostic inside its own text.</summary>
        public static void AssertSane(Result result)
        {
            Assert(result.Exceptions.Count == 0, "analyzer threw: " + string.Join("\n", result.Exceptions));
            foreach (var d in result.Diagnostics)
            {
                Assert(d.Id != "AD0001", d.ToString());
                foreach (var location in d.AdditionalLocations.Prepend(d.Location))
                {
                    if (!location.IsInSource) continue;
                    Assert(location.SourceSpan.End <= location.SourceTree!.Length, "diagnostic outside its text: " + d);
                }
            }
        }

        private static void Assert(bool condition, string message)
        {
            if (!condition) throw new Xunit.Sdk.XunitException(message);
        }
    }
}
