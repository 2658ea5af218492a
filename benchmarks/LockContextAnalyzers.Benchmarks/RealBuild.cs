using System.Diagnostics;
using System.Text.RegularExpressions;
using LockContextAnalyzers;

namespace LockContextAnalyzers.Benchmarks;

/// <summary>
/// What a user pays in a real `dotnet build` (`--build N...`): the corpus written out as a
/// project, built with MSBuild and the compiler in its own process three ways: no analyzers at
/// all, the SDK's analyzers (as every build runs them), the SDK's and ours. Ours are dropped by a
/// target that removes their Analyzer item just before CoreCompile, so both sides are the same
/// build otherwise. Reports wall time, the compiler process's peak resident memory, and the
/// LCA warnings the build printed against the planted ones.
/// </summary>
public static class RealBuild
{
    public enum Side { NoAnalyzers, Sdk, SdkAndOurs }

    public sealed record Result(double Seconds, double CompilerPeakMb, IReadOnlyList<string> Warnings);

    /// <summary>`--analyzer PATH`: build with another LockContextAnalyzers.dll (an earlier commit's, for an A/B).</summary>
    public static string? AnalyzerPath { get; set; }

    /// <summary>
    /// `--no-facts`: build with `lock_context.record_library_facts = false`, as an application (or a
    /// library nobody references) builds: the corpus is a class library, so by default the
    /// package's generator records its lock facts first.
    /// </summary>
    public static bool RecordFacts { get; set; } = true;

    public static string WriteProject(string dir, IReadOnlyList<(string Path, string Text)> files)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        foreach (var (path, text) in files) File.WriteAllText(Path.Combine(dir, path), text);
        string model = typeof(LockContext.Kernel).Assembly.Location;
        string analyzer = AnalyzerPath == null ? typeof(LockContextAnalyzer).Assembly.Location : Renamed(AnalyzerPath);
        string project = Path.Combine(dir, "Corpus.csproj");
        if (!RecordFacts) File.WriteAllText(Path.Combine(dir, "facts.globalconfig"), "is_global = true\nlock_context.record_library_facts = false\n");
        string factsOff = RecordFacts ? "" : """<GlobalAnalyzerConfigFiles Include="facts.globalconfig" />""";
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <NoWarn>$(NoWarn);CS1591;CS0414;CS0169</NoWarn>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="LockContext" HintPath="{model}" />
                <Analyzer Include="{analyzer}" />
                {factsOff}
              </ItemGroup>
              <!-- The SDK-only side: the same build with this package's analyzer dropped just before the compiler runs. -->
              <Target Name="DropLockContextAnalyzers" BeforeTargets="CoreCompile" Condition="'$(LcaOff)' == 'true'">
                <ItemGroup>
                  <Analyzer Remove="@(Analyzer)" Condition="'%(Filename)' == 'LockContextAnalyzers'" />
                </ItemGroup>
              </Target>
            </Project>
            """);
        Run("dotnet", $"restore \"{project}\" -v:q", out _);
        return project;
    }

    // The compiler loads an analyzer by its assembly name: a copy under another file name (an A/B's
    // "old.dll") fails to load with warning CS8034 and reports nothing.
    private static string Renamed(string path)
    {
        string dir = Path.Combine(Path.GetTempPath(), "lca-analyzer-ab");
        Directory.CreateDirectory(dir);
        string copy = Path.Combine(dir, "LockContextAnalyzers.dll");
        File.Copy(path, copy, overwrite: true);
        return copy;
    }

    public static Result Build(string project, Side side)
    {
        string extra = side switch
        {
            // Generators run even without analyzers: this package's (the library facts) is dropped too.
            Side.NoAnalyzers => "-p:RunAnalyzers=false -p:LcaOff=true",
            Side.Sdk => "-p:LcaOff=true",
            _ => "",
        };
        using var peak = new CompilerPeak();
        var watch = Stopwatch.StartNew();
        int rc = Run("dotnet", $"build \"{project}\" --no-incremental --no-restore -nodeReuse:false -p:UseSharedCompilation=false -clp:NoSummary -v:m {extra}", out var output);
        double seconds = watch.Elapsed.TotalSeconds;
        if (rc != 0) throw new InvalidOperationException("build failed:\n" + output);
        var warnings = Regex.Matches(output, @"^.*warning LCA\d{4}.*$", RegexOptions.Multiline).Select(m => m.Value).Distinct().ToList();
        return new Result(seconds, peak.Mb, warnings);
    }

    internal static int Run(string file, string args, out string output, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory != null) info.WorkingDirectory = workingDirectory;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>
    /// The compiler's peak resident set: every 50 ms, the high-water mark (VmHWM) of each running
    /// process whose command line names the SDK's compiler (Roslyn/bincore/csc, the apphost or csc.dll); the last reading of a process before it exits is
    /// its peak up to 50 ms before that.
    /// </summary>
    internal sealed class CompilerPeak : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Thread thread;
        private long peakKb;

        public CompilerPeak()
        {
            thread = new Thread(Sample) { IsBackground = true };
            thread.Start();
        }

        public double Mb { get { Dispose(); return peakKb / 1024.0; } }

        private void Sample()
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var dir in Directory.EnumerateDirectories("/proc"))
                {
                    try
                    {
                        if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
                        if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("/Roslyn/bincore/csc", StringComparison.Ordinal)) continue;
                        foreach (var line in File.ReadLines(Path.Combine(dir, "status")))
                            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                                peakKb = Math.Max(peakKb, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
                    }
                    catch (IOException) { } // the process ended between listing and reading
                    catch (UnauthorizedAccessException) { }
                }
                Thread.Sleep(50);
            }
        }

        public void Dispose()
        {
            if (stop.IsCancellationRequested) return;
            stop.Cancel();
            thread.Join();
        }
    }
}
