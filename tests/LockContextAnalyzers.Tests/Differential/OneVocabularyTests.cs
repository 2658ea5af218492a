using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace LockContextAnalyzers.Tests.Differential
{
    /// <summary>
    /// One vocabulary: every report of the run-time validator is worded by its rule's descriptor
    /// (the same message format, filled with run-time sides), so a user reads one language in the
    /// editor and in a test run.
    /// </summary>
    [Collection("Differential")]
    public sealed class OneVocabularyTests
    {
        [Fact]
        public async Task EveryRunTimeMessage_FitsItsRulesMessageFormat()
        {
            var formats = LockContextAnalyzer.Descriptors().ToDictionary(d => d.Id, d => Pattern(d.MessageFormat.ToString()));
            var seen = new HashSet<string>();
            for (int seed = 970000; seed < 970060; seed++)
            {
                var result = await DifferentialRun.RunAsync(new ProgramGenerator(seed).Generate(), TimeSpan.FromSeconds(60));
                foreach (var report in result.Reports)
                {
                    Assert.True(formats[report.RuleId].IsMatch(report.Message), $"{report.RuleId} at run time does not fit its format:\n{report.Message}");
                    seen.Add(report.RuleId);
                }
            }
            // The generator makes the run report nearly every rule (LCA0009 is about attributes, static only).
            Assert.True(seen.Count >= 9, "rules seen at run time: " + string.Join(", ", seen.OrderBy(s => s)));
        }

        /// <summary>"Lock '{0}' ... '{0}'" -> a regex where each argument is some text, and a repeated one the same text.</summary>
        private static Regex Pattern(string format)
        {
            var pattern = new System.Text.StringBuilder("^");
            var named = new HashSet<string>();
            foreach (Match m in Regex.Matches(format, @"\{(\d+)\}|[^{]+|\{"))
            {
                if (m.Groups[1].Success)
                    pattern.Append(named.Add(m.Groups[1].Value) ? $"(?<a{m.Groups[1].Value}>.*?)" : $"\\k<a{m.Groups[1].Value}>");
                else pattern.Append(Regex.Escape(m.Value));
            }
            return new Regex(pattern.Append('$').ToString(), RegexOptions.Singleline);
        }
    }
}
