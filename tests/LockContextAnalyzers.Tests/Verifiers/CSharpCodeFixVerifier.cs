using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LockContextAnalyzers.Tests.Verifiers
{
    /// <summary>A before/after pair: the analyzer must report the marked spans, the fix must produce exactly the fixed code (also through Fix All).</summary>
    public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.None;
                TestState.AdditionalReferences.AddRange(TestReferences.All);
                FixedState.AdditionalReferences.AddRange(TestReferences.All);
            }
        }

        public static Task VerifyFixAsync(string source, string fixedSource, int? iterations = null)
        {
            var test = new Test { TestCode = source, FixedCode = fixedSource };
            test.TestState.Sources.Add(("/0/GlobalUsings.cs", TestReferences.GlobalUsings));
            test.FixedState.Sources.Add(("/0/GlobalUsings.cs", TestReferences.GlobalUsings));
            if (iterations != null)
            {
                test.NumberOfIncrementalIterations = iterations;
                test.NumberOfFixAllIterations = 1;
            }
            return test.RunAsync(CancellationToken.None);
        }
    }
}
