using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.CodeFixes;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace LockContextAnalyzers.Tests.Robustness
{
    /// <summary>Every fix offered on every diagnostic of a set of inputs produces code that compiles.</summary>
    public class EveryFixCompilesTests
    {
        private static readonly ImmutableArray<CodeFixProvider> Fixes = typeof(LCA0008UseMatchingUnlockCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        private static string Repo(params string[] parts)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "LockContextAnalyzers.sln")))
                    return Path.Combine(new[] { dir.FullName }.Concat(parts).ToArray());
            throw new InvalidOperationException("repository root not found");
        }

        public static TheoryData<string> Inputs()
        {
            var data = new TheoryData<string>
            {
                File.ReadAllText(Repo("samples", "SeedDeadlock", "WitDriver.cs")) + File.ReadAllText(Repo("samples", "SeedDeadlock", "WitHrtimerPool.cs"))
                    .Replace("using LockContext;", "").Replace("using static LockContext.Kernel;", "").Replace("namespace WitDriver;", ""),
                @"static class Mixed
{
    static Spinlock a = new(), b = new();
    static Rwlock r = new();
    [SoftirqContext] static void Rx() { SpinLock(a); SpinUnlock(a); ReadLock(r); ReadUnlock(r); }
    [HardirqContext] static void Isr() { SpinLock(b); SpinUnlock(b); }
    public static void P(bool x)
    {
        SpinLock(a);
        if (x) { SpinUnlock(a); return; }
        try { WriteLock(r); WriteUnlock(r); } finally { SpinUnlock(a); }
        using (Guard.SpinLock(a)) { }
        using var g = Guard.SpinLockBh(b);
        int flags = 0;
        SpinLockBh(b); SpinUnlock(b);
        try { SpinLock(b); } finally { SpinUnlock(b); }
        if (SpinTrylock(a)) SpinUnlock(a);
        var f = LocalIrqSave(); SpinLockBh(a); SpinUnlockBh(a); LocalIrqRestore(f);
        Console.WriteLine(flags);
    }
}",
            };
            return data;
        }

        [Theory]
        [MemberData(nameof(Inputs))]
        public async Task EveryOfferedFix_Compiles(string source)
        {
            var text = source.Replace("namespace WitDriver;", "");
            var compilation = AnalyzerRunner.Compile(new[] { text });
            var diagnostics = (await AnalyzerRunner.RunAsync(compilation)).Diagnostics.Where(d => d.Location.SourceTree == compilation.SyntaxTrees[0]).ToList();
            Assert.NotEmpty(diagnostics);
            int applied = 0;
            foreach (var diagnostic in diagnostics)
                foreach (var fix in Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var (workspace, document) = Open(text);
                    using (workspace)
                    {
                        var actions = new List<CodeAction>();
                        var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
                        await fix.RegisterCodeFixesAsync(context);
                        foreach (var action in actions)
                        {
                            var operations = await action.GetOperationsAsync(CancellationToken.None);
                            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                            var fixedCompilation = await changed.Projects.Single().GetCompilationAsync();
                            var errors = fixedCompilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                            Assert.True(errors.Count == 0, $"{action.Title} on {diagnostic} broke the code: {string.Join("; ", errors)}");
                            applied++;
                        }
                    }
                }
            Assert.True(applied > 0, "no fix was offered");
        }

        private static (AdhocWorkspace, Document) Open(string text)
        {
            var workspace = new AdhocWorkspace();
            var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Create(), "Test", "Test", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                metadataReferences: TestReferences.All));
            workspace.AddDocument(project.Id, "Usings.cs", SourceText.From(TestReferences.GlobalUsings));
            var document = workspace.AddDocument(project.Id, "File0.cs", SourceText.From(text));
            return (workspace, document);
        }
    }
}
