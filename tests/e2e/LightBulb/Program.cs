using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;

// What an IDE's light bulb does, on a real project that installed the package: load it with
// MSBuildWorkspace, run the package's analyzers, ask its code fix for actions at the LCA0001
// diagnostic, check the title, apply it, then Fix All in the project, and write the files back.
// usage: LightBulb PROJECT.csproj    (prints "ok ..." / "FAIL ..." lines; exit code = failures)
// MSBuildWorkspace (Roslyn 4.9 and later) finds MSBuild itself, in its own build-host process.
return await LightBulb.RunAsync(args[0]);

static class LightBulb
{
    private static int failures;

    private static void Check(string what, bool ok)
    {
        Console.WriteLine((ok ? "ok   " : "FAIL ") + what);
        if (!ok) failures++;
    }

    public static async Task<int> RunAsync(string projectPath)
    {
        using var workspace = MSBuildWorkspace.Create();
        var project = await workspace.OpenProjectAsync(projectPath);
        var references = project.AnalyzerReferences.Where(r => Path.GetFileName(r.FullPath ?? "").StartsWith("LockContextAnalyzers", StringComparison.Ordinal)).ToList();
        var analyzers = references.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
        var fixers = references
            .Where(r => Path.GetFileName(r.FullPath) == "LockContextAnalyzers.CodeFixes.dll")
            .SelectMany(r => Assembly.LoadFrom(r.FullPath!).GetTypes())
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        Check("the project's analyzer references bring LockContextAnalyzer and its code fixes", analyzers.Length > 0 && fixers.Count > 0);
        if (analyzers.IsEmpty || fixers.Count == 0) return 1;

        async Task<ImmutableArray<Diagnostic>> Diagnose(Project p) =>
            await (await p.GetCompilationAsync())!.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        var diagnostics = await Diagnose(project);
        var lca0001 = diagnostics.Where(d => d.Id == "LCA0001").ToList();
        Check($"LCA0001 reported ({lca0001.Count})", lca0001.Count > 0);
        if (lca0001.Count == 0) return 1;

        var first = lca0001[0];
        var document = project.Solution.GetDocument(first.Location.SourceTree)!;
        var fixer = fixers.Single(f => f.FixableDiagnosticIds.Contains("LCA0001"));
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, first, (a, _) => actions.Add(a), CancellationToken.None));
        Check("the light bulb offers \"Switch to SpinLockBh\"", actions.Count == 1 && actions[0].Title == "Switch to SpinLockBh");
        if (actions.Count != 1) return 1;

        var single = await Apply(actions[0], project.Solution);
        var fixedText = (await single.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Check("applying it rewrites that acquisition", fixedText.Substring(first.Location.SourceSpan.Start).StartsWith("SpinLockBh(", StringComparison.Ordinal));
        Check("after one fix, that site no longer warns", !(await Diagnose(single.GetProject(project.Id)!)).Any(d => d.Id == "LCA0001" && d.Location.SourceSpan == first.Location.SourceSpan));

        var fixAll = fixer.GetFixAllProvider()!;
        var context = new FixAllContext(document, fixer, FixAllScope.Project, actions[0].EquivalenceKey, new[] { "LCA0001" },
            new Provider(diagnostics), CancellationToken.None);
        var fixAllAction = await fixAll.GetFixAsync(context);
        Check("Fix All in project is offered", fixAllAction != null);
        if (fixAllAction == null) return 1;
        var all = await Apply(fixAllAction, project.Solution);
        Check("after Fix All in project, no LCA0001 remains", !(await Diagnose(all.GetProject(project.Id)!)).Any(d => d.Id == "LCA0001"));
        Check("the workspace writes the fixed files back", workspace.TryApplyChanges(all));
        return failures;
    }

    private static async Task<Solution> Apply(CodeAction action, Solution solution)
    {
        foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
            if (operation is ApplyChangesOperation apply) return apply.ChangedSolution;
        return solution;
    }

    private sealed class Provider : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> all;
        public Provider(ImmutableArray<Diagnostic> all) { this.all = all; }

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            document.GetSyntaxTreeAsync(cancellationToken).ContinueWith(t => all.Where(d => d.Location.SourceTree?.FilePath == t.Result?.FilePath), cancellationToken);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(all);
    }
}
