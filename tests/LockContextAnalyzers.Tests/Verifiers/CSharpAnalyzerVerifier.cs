using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LockContextAnalyzers.Tests.Verifiers
{
    /// <summary>Runs the analyzer over markup source: <c>{|LCA0001:SpinLock(l)|}</c> states each expected diagnostic's exact span.</summary>
    public static class CSharpAnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.None;
                TestState.AdditionalReferences.AddRange(TestReferences.All);
                TestState.Sources.Add(("/0/GlobalUsings.cs", TestReferences.GlobalUsings));
            }
        }

        /// <summary>Checks that exactly the marked diagnostics are reported, with additional locations left unchecked.</summary>
        public static Task VerifyAsync(string source, params string[] otherFiles)
        {
            var test = new Test { TestCode = source };
            for (int i = 0; i < otherFiles.Length; i++) test.TestState.Sources.Add(($"/0/Other{i}.cs", otherFiles[i]));
            test.TestBehaviors |= TestBehaviors.SkipGeneratedCodeCheck;
            return test.RunAsync(CancellationToken.None);
        }
    }
}
