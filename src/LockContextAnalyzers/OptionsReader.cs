using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockContextAnalyzers
{
    /// <summary>
    /// Reads the project's settings: from .globalconfig (global options), else from the
    /// .editorconfig section that applies to the first source file that sets the key. They describe
    /// the whole kernel, so one value serves the compilation.
    /// </summary>
    internal static class OptionsReader
    {
        public const string HrtimerDefault = "lock_context.hrtimer_default";
        public const string UncalledMethods = "lock_context.uncalled_methods";

        /// <summary>Whether a library's build records its lock facts in its assembly (default true; "false" turns it off).</summary>
        public const string RecordLibraryFacts = "lock_context.record_library_facts";

        public static AnalysisOptions Read(AnalyzerOptions options, Compilation compilation) => Read(options.AnalyzerConfigOptionsProvider, compilation);

        public static bool RecordsLibraryFacts(AnalyzerConfigOptionsProvider provider, Compilation compilation) =>
            !Is(Value(provider, compilation, RecordLibraryFacts), "false");

        public static AnalysisOptions Read(AnalyzerConfigOptionsProvider provider, Compilation compilation)
        {
            return new AnalysisOptions(
                hrtimerDefaultSoft: Is(Value(provider, compilation, HrtimerDefault), "soft"),
                uncalledAreProcess: !Is(Value(provider, compilation, UncalledMethods), "unknown"));
        }

        private static bool Is(string? value, string expected) =>
            string.Equals(value?.Trim(), expected, System.StringComparison.OrdinalIgnoreCase);

        private static string? Value(AnalyzerConfigOptionsProvider provider, Compilation compilation, string key)
        {
            if (provider.GlobalOptions.TryGetValue(key, out var global)) return global;
            foreach (var tree in compilation.SyntaxTrees)
                if (provider.GetOptions(tree).TryGetValue(key, out var local)) return local;
            return null;
        }
    }
}
