using System.Text.RegularExpressions;

namespace LockContextAnalyzers.Benchmarks;

/// <summary>
/// The `--build` table: for each size, the three builds of <see cref="RealBuild"/> in each round
/// (so drift in the machine's speed hits every side alike), each round's added time computed
/// within the round, and ranges over the rounds.
/// </summary>
public static class RealBuildReport
{
    public static void Run(IReadOnlyList<int> sizes, int runs, bool mixed)
    {
        Console.WriteLine($"real dotnet build, compiler out of process, {runs} rounds per size{(mixed ? ", mixed corpus (the model in 5% of the code)" : "")}");
        Console.WriteLine("| methods | no analyzers (s) | + SDK analyzers (s) | + SDK + ours (s) | ours adds (s) | / analyzer-free build | compiler peak, SDK (MB) | compiler peak, SDK + ours (MB) | peak ratio | planted found / expected | other LCA |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var medianAdded = new List<(int Methods, double Added)>();
        foreach (var n in sizes)
        {
            var corpus = mixed ? MixedCorpus.Generate(n) : CorpusGenerator.Generate(n);
            string dir = Path.Combine(Path.GetTempPath(), "lca-realbuild", (mixed ? "mixed-" : "") + n);
            string project = RealBuild.WriteProject(dir, corpus.Files);
            var none = new List<double>(); var sdk = new List<double>(); var both = new List<double>();
            var added = new List<double>(); var ratio = new List<double>();
            var peakSdk = new List<double>(); var peakBoth = new List<double>(); var peakRatio = new List<double>();
            IReadOnlyList<string> warnings = Array.Empty<string>();
            for (int round = 0; round < runs; round++)
            {
                // The two sides compared take turns going first: on this machine the build right
                // after the analyzer-free one was slower by up to 10 s at 50k (mixed corpus), which
                // a fixed order charges to one side.
                var a = RealBuild.Build(project, RealBuild.Side.NoAnalyzers);
                RealBuild.Result b, c;
                if (round % 2 == 0) { b = RealBuild.Build(project, RealBuild.Side.Sdk); c = RealBuild.Build(project, RealBuild.Side.SdkAndOurs); }
                else { c = RealBuild.Build(project, RealBuild.Side.SdkAndOurs); b = RealBuild.Build(project, RealBuild.Side.Sdk); }
                none.Add(a.Seconds); sdk.Add(b.Seconds); both.Add(c.Seconds);
                added.Add(c.Seconds - b.Seconds); ratio.Add((c.Seconds - b.Seconds) / a.Seconds);
                peakSdk.Add(b.CompilerPeakMb); peakBoth.Add(c.CompilerPeakMb); peakRatio.Add(c.CompilerPeakMb / b.CompilerPeakMb);
                warnings = c.Warnings;
                if (b.Warnings.Count > 0) Console.WriteLine($"  the SDK-only build printed LCA warnings: the drop target did not work ({b.Warnings[0]})");
            }
            var (found, other) = Planted(dir, warnings);
            Console.WriteLine($"| {corpus.Methods} | {R(none)} | {R(sdk)} | {R(both)} | {R(added, "F2")} | {R(ratio, "F2")}x | {R(peakSdk, "F0")} | {R(peakBoth, "F0")} | {R(peakRatio, "F2")}x | {found} / {corpus.PlantedLca0001 + corpus.PlantedLca0002} | {other.Count} |");
            foreach (var w in other.Take(3)) Console.WriteLine("  unexpected: " + w);
            medianAdded.Add((corpus.Methods, Median(added)));
        }
        if (medianAdded.Count >= 2 && medianAdded[0].Added > 0 && medianAdded[^1].Added > 0)
        {
            var (n0, t0) = medianAdded[0];
            var (n1, t1) = medianAdded[^1];
            Console.WriteLine($"\ngrowth of the added time (medians), {n0} -> {n1} methods: n^{Math.Log(t1 / t0) / Math.Log((double)n1 / n0):F2}");
        }
    }

    // A warning is a planted one when its line carries "// PLANTED <its ID>".
    private static (int Found, List<string> Other) Planted(string dir, IReadOnlyList<string> warnings)
    {
        int found = 0;
        var other = new List<string>();
        foreach (var w in warnings)
        {
            var m = Regex.Match(w, @"([^\s/]+\.cs)\((\d+),\d+\): warning (LCA\d{4})");
            var path = m.Success ? Path.Combine(dir, m.Groups[1].Value) : null;
            if (path != null && File.Exists(path)
                && File.ReadLines(path).ElementAtOrDefault(int.Parse(m.Groups[2].Value) - 1)?.Contains("// PLANTED " + m.Groups[3].Value) == true)
                found++;
            else other.Add(w);
        }
        return (found, other);
    }

    private static double Median(List<double> xs) { var s = xs.OrderBy(x => x).ToList(); return s[s.Count / 2]; }

    private static string R(List<double> xs, string format = "F1")
    {
        double lo = xs.Min(), hi = xs.Max();
        return lo.ToString(format) == hi.ToString(format) ? lo.ToString(format) : $"{lo.ToString(format)}-{hi.ToString(format)}";
    }
}
