using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LockContextAnalyzers.Benchmarks;

/// <summary>
/// The compiler alone (`--compiler N...`): the corpus's project is built once to learn the exact
/// compiler command line MSBuild gives it, then that compiler is run by hand in rounds with
/// the same arguments three ways: no analyzers, the SDK's, the SDK's and ours (and, with
/// `--variant PATH`, the SDK's and another LockContextAnalyzers.dll, such as the patched
/// generator in benchmarks/variants/). Without MSBuild around it a run varies less than a
/// whole build, and the compiler's own telemetry (`/reportanalyzer`) splits our share between
/// the generator, which runs before the compile, and the analyzers, which run beside it.
/// </summary>
public static class CompilerOnly
{
    private sealed record Run(double Seconds, double PeakMb, double Generator, double Analyzer, int Warnings);

    public static void Report(IReadOnlyList<int> sizes, int rounds, string? variant)
    {
        Console.WriteLine($"the compiler alone (csc with the arguments MSBuild gives it, in its own process), {rounds} rounds per size");
        Console.WriteLine("| methods | side | compiler (s) | our generator (s) | our analyzers (s) | adds to the SDK side (s) | / analyzer-free compiler | peak (MB) | peak / SDK side's | LCA warnings |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var n in sizes)
        {
            var corpus = CorpusGenerator.Generate(n);
            string dir = Path.Combine(Path.GetTempPath(), "lca-compiler", n.ToString(CultureInfo.InvariantCulture));
            string project = RealBuild.WriteProject(dir, corpus.Files);
            var (compiler, arguments) = CommandLine(project);
            string ours = AnalyzerOf(arguments);
            var sides = new List<(string Name, string Rsp)>
            {
                ("no analyzers", Write(dir, "none.rsp", Without(arguments, _ => true))),
                ("SDK", Write(dir, "sdk.rsp", Without(arguments, path => path == ours))),
                ("SDK + ours", Write(dir, "ours.rsp", arguments)),
            };
            if (variant != null)
            {
                // Loaded by its assembly name, so the variant keeps the file name in a folder of its own.
                string copy = Path.Combine(dir, "variant", "LockContextAnalyzers.dll");
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(variant, copy, overwrite: true);
                sides.Add(("SDK + variant", Write(dir, "variant.rsp", arguments.Replace(ours, copy, StringComparison.Ordinal))));
            }
            var runs = sides.ToDictionary(s => s.Name, _ => new List<Run>());
            for (int round = 0; round < rounds; round++)
                // Each round starts from another side, so a slow moment of the machine or a side's
                // effect on the next run (page cache, the other core) is not always charged to one.
                for (int k = 0; k < sides.Count; k++)
                {
                    var side = sides[(k + round) % sides.Count];
                    runs[side.Name].Add(Compile(compiler, dir, side.Rsp));
                }
            var free = runs["no analyzers"];
            var sdk = runs["SDK"];
            foreach (var (name, _) in sides)
            {
                var r = runs[name];
                // Within a round: this side against the SDK side of the same round.
                var added = name.StartsWith("SDK +", StringComparison.Ordinal) ? r.Select((x, i) => x.Seconds - sdk[i].Seconds).ToList() : null;
                var ratio = added?.Select((a, i) => a / free[i].Seconds).ToList();
                var peakRatio = added == null ? null : r.Select((x, i) => x.PeakMb / sdk[i].PeakMb).ToList();
                Console.WriteLine($"| {corpus.Methods} | {name} | {R(r.Select(x => x.Seconds))} | {R(r.Select(x => x.Generator), "F2")} | {R(r.Select(x => x.Analyzer), "F2")} | "
                    + $"{(added == null ? "" : R(added, "F2"))} | {(ratio == null ? "" : R(ratio, "F2") + "x")} | {R(r.Select(x => x.PeakMb), "F0")} | "
                    + $"{(peakRatio == null ? "" : R(peakRatio, "F2") + "x")} | {R(r.Select(x => (double)x.Warnings), "F0")} |");
            }
        }
    }

    // The compiler MSBuild runs and its arguments, from a detailed log of one build: the task
    // logs the command line it runs, and the response file it writes is deleted afterwards.
    private static (string Compiler, string Arguments) CommandLine(string project)
    {
        int rc = RealBuild.Run("dotnet", $"build \"{project}\" --no-incremental --no-restore -nodeReuse:false -p:UseSharedCompilation=false -v:d", out var log);
        var line = log.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => Regex.IsMatch(l, @"/Roslyn/bincore/csc(\.dll)? /noconfig"));
        if (rc != 0 || line == null) throw new InvalidOperationException("no compiler command line in the build's log:\n" + log[..Math.Min(log.Length, 2000)]);
        int space = line.IndexOf(" /noconfig", StringComparison.Ordinal);
        string compiler = line[..space];
        return (compiler.EndsWith(".dll", StringComparison.Ordinal) ? compiler : compiler + ".dll", line[(space + 1)..]);
    }

    private static string AnalyzerOf(string arguments) =>
        Regex.Matches(arguments, @"/analyzer:(\S+)").Select(m => m.Groups[1].Value)
            .Single(path => Path.GetFileName(path) == "LockContextAnalyzers.dll");

    private static string Without(string arguments, Func<string, bool> drop) =>
        Regex.Replace(arguments, @"/analyzer:(\S+) ?", m => drop(m.Groups[1].Value) ? "" : m.Value);

    // Outputs go elsewhere than the build's, so a run never races MSBuild's incremental checks.
    private static string Write(string dir, string name, string arguments)
    {
        string output = Path.Combine(dir, "compiler-out");
        Directory.CreateDirectory(output);
        string text = Regex.Replace(arguments, @"/out:\S+", $"/out:{output}/Corpus.dll");
        text = Regex.Replace(text, @"/refout:\S+", $"/refout:{output}/Corpus.ref.dll") + " /reportanalyzer";
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Run Compile(string compiler, string dir, string rsp)
    {
        using var peak = new RealBuild.CompilerPeak();
        var watch = Stopwatch.StartNew();
        int rc = RealBuild.Run("dotnet", $"\"{compiler}\" @\"{rsp}\"", out var output, dir);
        double seconds = watch.Elapsed.TotalSeconds;
        if (rc != 0) throw new InvalidOperationException("the compiler failed:\n" + output[..Math.Min(output.Length, 2000)]);
        return new Run(seconds, peak.Mb, Telemetry(output, "LockContextAnalyzers.CrossAssembly.LibraryFactsGenerator"),
            Telemetry(output, "LockContextAnalyzers.LockContextAnalyzer ("), Regex.Matches(output, @"warning LCA\d{4}").Count);
    }

    // "   3.804   91      LockContextAnalyzers.CrossAssembly.LibraryFactsGenerator": seconds first.
    private static double Telemetry(string output, string name)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(name, StringComparison.Ordinal));
        var first = line?.Trim().Split(' ', 2)[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 0;
    }

    private static string R(IEnumerable<double> values, string format = "F1")
    {
        var xs = values.ToList();
        string lo = xs.Min().ToString(format, CultureInfo.InvariantCulture), hi = xs.Max().ToString(format, CultureInfo.InvariantCulture);
        return lo == hi ? lo : $"{lo}-{hi}";
    }
}
