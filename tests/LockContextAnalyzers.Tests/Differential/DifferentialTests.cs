using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace LockContextAnalyzers.Tests.Differential
{
    /// <summary>The run-time validator is process-wide: the differential tests run alone.</summary>
    [CollectionDefinition("Differential", DisableParallelization = true)]
    public sealed class DifferentialCollection { }

    /// <summary>
    /// The analyzer against the run-time validator on random programs: every rule the run reports,
    /// the analyzer reports too (no static false negative on executed paths). CI runs a bounded,
    /// seeded batch; <c>LCA_DIFFERENTIAL_PROGRAMS</c> / <c>LCA_DIFFERENTIAL_SEED</c> run more by hand, and
    /// <c>LCA_DIFFERENTIAL_SHOW_STATIC_ONLY=LCA0008</c> prints the static-only findings of one rule,
    /// <c>LCA_DIFFERENTIAL_DUMP_DIR=/tmp/x</c> writes each disagreeing program there.
    /// </summary>
    [Collection("Differential")]
    public sealed class DifferentialTests
    {
        private const int CiPrograms = 80, CiSplitPrograms = 30;
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
        private readonly ITestOutputHelper output;

        public DifferentialTests(ITestOutputHelper output) { this.output = output; }

        [Fact]
        public Task RandomPrograms_EveryRunTimeFinding_IsReportedStatically() =>
            RunPrograms(Setting("LCA_DIFFERENTIAL_PROGRAMS", CiPrograms), seed =>
            {
                string source = new ProgramGenerator(seed).Generate();
                return (source, DifferentialRun.RunAsync(source, Timeout));
            });

        /// <summary>
        /// The same programs split over two assemblies (locks, data and helpers in a library, the
        /// entries in a driver built against its reference assembly): the two builds' findings
        /// together cover every run-time finding. <c>LCA_DIFFERENTIAL_SPLIT_PROGRAMS</c> runs more.
        /// </summary>
        [Fact]
        public Task RandomProgramsOverTwoAssemblies_EveryRunTimeFinding_IsReportedStatically() =>
            RunPrograms(Setting("LCA_DIFFERENTIAL_SPLIT_PROGRAMS", CiSplitPrograms), seed =>
            {
                var (library, driver) = new ProgramGenerator(seed).GenerateSplit();
                return (library + driver, DifferentialRun.RunSplitAsync(library, driver, Timeout));
            });

        private async Task RunPrograms(int programs, Func<int, (string Source, Task<DifferentialResult> Result)> run)
        {
            int firstSeed = Setting("LCA_DIFFERENTIAL_SEED", 1);
            string? verbose = Environment.GetEnvironmentVariable("LCA_DIFFERENTIAL_SHOW_STATIC_ONLY"); // a rule ID
            var runtimeByRule = new SortedDictionary<string, int>();
            var staticOnlyByRule = new SortedDictionary<string, int>();
            int staticFindings = 0, programsWithFindings = 0, chains = 0, calleeReenables = 0;
            var failures = new StringBuilder();
            var started = DateTime.UtcNow;

            for (int seed = firstSeed; seed < firstSeed + programs; seed++)
            {
                var (source, running) = run(seed);
                var result = await running;
                foreach (var f in result.RunTime.GroupBy(f => f.Key)) Count(runtimeByRule, f.First().RuleId);
                foreach (var f in result.StaticOnly) Count(staticOnlyByRule, f.RuleId);
                staticFindings += result.Static.Select(f => f.Key).Distinct().Count();
                chains += result.StaticMessages.Values.Count(m => m.Contains("which closes the chain", StringComparison.Ordinal));
                calleeReenables += result.StaticMessages.Values.Count(m => m.Contains(") when ", StringComparison.Ordinal) && m.Contains("is held (taken at", StringComparison.Ordinal));
                if (verbose != null)
                    foreach (var f in result.StaticOnly.Where(f => f.RuleId == verbose))
                        output.WriteLine($"seed {seed}, static only: {result.StaticMessages[f.Key]}\n{Around(source, f.Line)}");
                if (result.RunTime.Count > 0) programsWithFindings++;
                if (result.Missed.Count > 0 && Environment.GetEnvironmentVariable("LCA_DIFFERENTIAL_DUMP_DIR") is string dump)
                    System.IO.File.WriteAllText(System.IO.Path.Combine(dump, $"seed{seed}.cs"), source);
                if (result.Missed.Count > 0)
                    failures.AppendLine($"seed {seed}: the run reported {string.Join(", ", result.Missed)}; the analyzer reported [{string.Join(", ", result.Static)}]")
                        .AppendLine("run time:\n" + string.Join("\n", result.Reports.Where(r => result.Missed.Any(m => m.RuleId == r.RuleId)).Select(r => r.Message)))
                        .AppendLine("static:\n" + string.Join("\n", result.StaticMessages.Values.Where(m => result.Missed.Any(f => m.Contains(f.RuleId)))))
                        .AppendLine(source);
            }

            output.WriteLine($"{programs} programs (seeds {firstSeed}..{firstSeed + programs - 1}) in {(DateTime.UtcNow - started).TotalSeconds:F1} s");
            output.WriteLine($"distinct run-time findings: {runtimeByRule.Values.Sum()} in {programsWithFindings} programs ({Format(runtimeByRule)})");
            output.WriteLine($"distinct static findings: {staticFindings}; static only (not seen at run time): {staticOnlyByRule.Values.Sum()} ({Format(staticOnlyByRule)})");
            output.WriteLine($"static LCA0005 through a chain of dependencies: {chains}; locks marked by a re-enable in a callee: {calleeReenables}");
            Assert.True(failures.Length == 0, "static false negatives:\n" + failures);
            Assert.True(runtimeByRule.Count >= 5, "the generator should make the run report most rules: " + Format(runtimeByRule));
        }

        [Fact]
        public void Generator_IsDeterministicFromItsSeed()
        {
            Assert.Equal(new ProgramGenerator(7).Generate(), new ProgramGenerator(7).Generate());
            Assert.NotEqual(new ProgramGenerator(7).Generate(), new ProgramGenerator(8).Generate());
        }

        /// <summary>The check can fail: locks kept in an array are beyond the analyzer (README), but not beyond the run.</summary>
        [Fact]
        public async Task AFindingTheAnalyzerCannotSee_IsCaughtAsMissed()
        {
            const string source = """
using System;
using LockContext;
using static LockContext.Kernel;

public static class Drv
{
    static readonly Spinlock[] Buckets = { new Spinlock() };
    static readonly Tasklet T = new Tasklet();

    static void Take() { SpinLock(Buckets[0]); SpinUnlock(Buckets[0]); }

    public static void Exercise()
    {
        TaskletSetup(T, _ => Take());
        KthreadStop(KthreadRun(_ => { Take(); return 0; }, null, "k"));
        TaskletSchedule(T); TaskletKill(T);
    }
}
""";
            var result = await DifferentialRun.RunAsync(source, Timeout);
            var missed = Assert.Single(result.Missed);
            Assert.Equal("LCA0001", missed.RuleId);
            Assert.Equal("lock created at File0.cs:7", missed.LockClass);
            Assert.Contains("in 'Take' at File0.cs:10 (via lambda in Exercise -> Take; kernel thread 'k')", Assert.Single(result.Reports).Message);
        }

        /// <summary>
        /// Seed 3202318: the run's LCA0005 names an inner class whose ON site is a guard's release
        /// (a work item's <c>Guard.WriteLockIrq</c> ending inside <c>SpinLock(L1)</c>), which has no
        /// line at run time; the analyzer puts that site's one finding on the other class held there
        /// (LCA0002 on 'Drv.L0'), and the comparison must find it by its method.
        /// </summary>
        [Fact]
        public async Task AnInnerClassOnSiteAtAGuardsRelease_IsCoveredByThatSitesFinding()
        {
            var result = await DifferentialRun.RunAsync(new ProgramGenerator(3202318).Generate(), Timeout);
            var report = Assert.Single(result.Reports, r => r.RuleId == "LCA0005" && r.LockClass == "Drv.L1");
            Assert.True(report.OtherSiteIsReenable);
            Assert.Contains(result.Static, s => s.RuleId == "LCA0002" && s.LockClass == "Drv.L0" && s.HeldWhen && s.Method == report.OtherSite?.Method);
            Assert.Empty(result.Missed);
        }

        /// <summary>
        /// A helper shared by two entries takes the lock each passes, under a softirq-safe lock: two
        /// chains (to Drv.L2 and to Drv.L3) end at its one acquisition, which carries one LCA0005
        /// (for the first chain found), as a site carries one diagnostic of a rule.
        /// </summary>
        [Fact]
        public async Task TwoChainsEndingAtOneHelpersSite_AreCoveredByThatSitesFinding()
        {
            var result = await DifferentialRun.RunAsync(new ProgramGenerator(4702510).Generate(), Timeout);
            var run = Assert.Single(result.RunTime, f => f.RuleId == "LCA0005" && f.LockClass == "Drv.L3");
            Assert.Contains(result.Static, s => s.RuleId == "LCA0005" && s.Line == run.Line && s.LockClass == "Drv.L2");
            Assert.Empty(result.Missed);
        }

        private static string Around(string source, int line) =>
            string.Join("\n", source.Split('\n').Select((text, i) => $"{i + 1,4}{(i + 1 == line ? ">" : " ")} {text}").Skip(Math.Max(0, line - 12)).Take(24));

        private static int Setting(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;

        private static void Count(SortedDictionary<string, int> counts, string key) =>
            counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;

        private static string Format(SortedDictionary<string, int> counts) =>
            string.Join(", ", counts.Select(kv => $"{kv.Key}: {kv.Value}"));
    }
}
