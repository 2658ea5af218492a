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
    /// editor and in a test run; and the facts a report carries as data are the ones its message names.
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
                    NamesItsFacts(report);
                    seen.Add(report.RuleId);
                }
            }
            // The generator makes the run report nearly every rule (LCA0009 is about attributes, static only).
            Assert.True(seen.Count >= 9, "rules seen at run time: " + string.Join(", ", seen.OrderBy(s => s)));
        }

        /// <summary>The report's data (what the differential tests compare) is what its message says.</summary>
        private static void NamesItsFacts(LockContext.LockdepReport r)
        {
            foreach (var name in new[] { r.LockClass, r.OtherLockClass, r.Pointer })
                if (name != null) Assert.Contains($"'{name}'", r.Message);
            // The site is the first side the message names; the other side comes after it.
            string? site = r.Site == null ? null : $"'{r.Site.Method}' at {r.Site} (";
            if (site != null) Assert.Contains(site, r.Message);
            if (site != null && r.OtherSite != null && r.RuleId is "LCA0001" or "LCA0002" or "LCA0004" or "LCA0005")
            {
                string other = $"'{r.OtherSite.Method}' at {r.OtherSite} (";
                Assert.True(r.Message.IndexOf(site, StringComparison.Ordinal) < r.Message.LastIndexOf(other, StringComparison.Ordinal) || site == other,
                    $"{r.RuleId}: the site {r.Site} should come before the other side {r.OtherSite}:\n{r.Message}");
            }
            Assert.Equal(r.SiteIsReenable, r.Message.Contains("' is held when ", StringComparison.Ordinal) || r.Message.Contains("' is held (taken at ", StringComparison.Ordinal));
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
