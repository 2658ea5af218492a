using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LockContextAnalyzers.Benchmarks;

/// <summary>
/// `--check N`: the two shortcuts of the build path give the findings of the plain analysis, on
/// this harness's compiler (Roslyn 5, which the test projects do not run): binding without
/// nullable analysis against binding with it, and binding the relevant bodies against binding
/// every body, on the kernel corpus and on the mixed one.
/// </summary>
public static class Check
{
    public static bool Run(int methods, Func<CorpusGenerator.Corpus, CSharpCompilation> compile)
    {
        bool ok = true;
        Console.WriteLine($"this compiler can bind without nullable analysis: {SemanticModels.CanSkipNullableAnalysis}");
        foreach (var (label, corpus) in new[] { ("kernel", CorpusGenerator.Generate(methods)), ("mixed", MixedCorpus.Generate(methods)) })
        {
            string Findings(bool skipNullable, bool everyBody)
            {
                SemanticModels.SkipNullableAnalysis = skipNullable;
                try
                {
                    var compilation = compile(corpus); // fresh trees: nothing reused between the runs
                    var findings = CompilationFindings.Compute(compilation, KernelApi.TryCreate(compilation)!, AnalysisOptions.Default, default, everyBody);
                    static string Where(Location l) => $"{l.SourceTree?.FilePath}@{l.SourceSpan}";
                    return string.Join("\n", compilation.SyntaxTrees.SelectMany(t => findings.In(t))
                        .Select(d => $"{d.Id} {Where(d.Location)} [{string.Join(", ", d.AdditionalLocations.Select(Where))}] {d.GetMessage()}"));
                }
                finally { SemanticModels.SkipNullableAnalysis = true; }
            }
            string plain = Findings(skipNullable: false, everyBody: true);
            foreach (var (name, text) in new[] { ("without nullable analysis", Findings(true, true)), ("relevant bodies only", Findings(false, false)), ("both (the build's path)", Findings(true, false)) })
            {
                bool same = text == plain;
                ok &= same;
                Console.WriteLine($"{label} corpus, {corpus.Methods} methods, {name}: {(same ? "same findings" : "DIFFERENT findings")} ({plain.Split('\n').Length} findings)");
            }
        }
        return ok;
    }
}
