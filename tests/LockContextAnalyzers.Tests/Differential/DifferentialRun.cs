using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LockContext;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using LockContextAnalyzers.CrossAssembly;
using LockContextAnalyzers.Rules;

namespace LockContextAnalyzers.Tests.Differential
{
    /// <summary>
    /// A finding, as both sides carry it as data (the diagnostic's <c>FindingProperties</c>, the
    /// report's fields): compared by rule and what it is about (LCA0004: the unordered pair of
    /// classes; LCA0003, LCA0007, LCA0008, LCA0009 by rule alone, as their sites differ in kind).
    /// The lines of the site and of the other side ride along for the one-diagnostic-per-site rule.
    /// </summary>
    internal sealed record Finding(string RuleId, string? LockClass, string? Other, string? Pointer, string? Member,
        int Line, string? Method = null, bool HeldWhen = false, int OtherLine = 0, bool OtherHeldWhen = false, string? OtherMethod = null)
    {
        private static readonly HashSet<string> ByRuleAlone = new HashSet<string> { "LCA0003", "LCA0007", "LCA0008", "LCA0009" };

        /// <summary>The class, pointer or guarded member the finding names.</summary>
        public string Subject => $"{LockClass}|{Pointer}|{Member}";

        public string Key => ByRuleAlone.Contains(RuleId) ? RuleId
            : RuleId == "LCA0004" ? $"{RuleId}|{string.Join("|", new[] { LockClass, Other }.OrderBy(n => n, StringComparer.Ordinal))}"
            : $"{RuleId}|{Subject}";

        public override string ToString() =>
            ByRuleAlone.Contains(RuleId) ? RuleId
            : RuleId == "LCA0004" ? $"{RuleId} '{LockClass}'/'{Other}'"
            : $"{RuleId} '{LockClass ?? Pointer}'" + (Member != null ? $" ('{Member}')" : Pointer != null && LockClass != null ? $" ('{Pointer}')" : "");
    }

    /// <summary>One program, analysed and run: what each side found, and what the run found that the analyzer did not.</summary>
    internal sealed record DifferentialResult(
        string Source,
        IReadOnlyList<Finding> RunTime,
        IReadOnlyList<Finding> Static,
        IReadOnlyList<Finding> Missed,
        IReadOnlyList<Finding> StaticOnly,
        IReadOnlyList<LockdepReport> Reports,
        IReadOnlyDictionary<string, string> StaticMessages);

    /// <summary>
    /// Analyses a program with the analyzer, then compiles it, loads it and runs its
    /// <c>Exercise()</c> under the run-time validator, and compares the two by rule and lock class.
    /// </summary>
    internal static class DifferentialRun
    {
        /// <summary>Lines of the library's file (two-assembly programs) are told apart from the driver's by this offset.</summary>
        internal const int LibraryLines = 100_000;

        private static int LineOf(LockdepPlace? place) => place == null ? 0 : place.Line + (place.File == "Lib0.cs" ? LibraryLines : 0);

        private static int LineOf(Location location) =>
            location.GetLineSpan().StartLinePosition.Line + 1 + (Path.GetFileName(location.GetLineSpan().Path) == "Lib0.cs" ? LibraryLines : 0);

        public static async Task<DifferentialResult> RunAsync(string source, TimeSpan timeout)
        {
            var compilation = AnalyzerRunner.Compile(new[] { source });
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0) throw new InvalidOperationException("generated program does not compile:\n" + string.Join("\n", errors) + "\n" + source);

            var analysis = await AnalyzerRunner.RunAsync(compilation);
            AnalyzerRunner.AssertSane(analysis);
            var diagnostics = analysis.Diagnostics.Where(d => d.Id.StartsWith("LCA", StringComparison.Ordinal)).ToList();
            var reports = Execute(new[] { compilation }, timeout, source);
            return Compare(source, diagnostics, reports);
        }

        /// <summary>
        /// A program split over a library and a driver that references it (<see cref="ProgramGenerator.GenerateSplit"/>):
        /// the library built as <c>dotnet build</c> builds it (with the package's generator), the driver
        /// compiled against its reference assembly, both analysed (the solution's findings are both
        /// builds' findings), then both loaded and run.
        /// </summary>
        public static async Task<DifferentialResult> RunSplitAsync(string library, string driver, TimeSpan timeout)
        {
            string source = library + "\n// ---- driver ----\n" + driver;
            var parsed = CSharpSyntaxTree.ParseText(SourceText.From(library, Encoding.UTF8), path: "Lib0.cs");
            var usings = CSharpSyntaxTree.ParseText(SourceText.From(TestReferences.GlobalUsings, Encoding.UTF8), path: "LibUsings.cs");
            var input = CSharpCompilation.Create("Lib", new[] { parsed, usings }, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            CSharpGeneratorDriver.Create(new LibraryFactsGenerator().AsSourceGenerator()).RunGeneratorsAndUpdateCompilation(input, out var lib, out _);
            using var reference = new MemoryStream();
            var emitted = lib.Emit(reference, options: new EmitOptions(metadataOnly: true, includePrivateMembers: false));
            if (!emitted.Success) throw new InvalidOperationException("library does not compile:\n" + string.Join("\n", emitted.Diagnostics) + "\n" + source);
            var drv = AnalyzerRunner.Compile(new[] { driver }).AddReferences(MetadataReference.CreateFromImage(reference.ToArray()));
            var errors = drv.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0) throw new InvalidOperationException("generated driver does not compile:\n" + string.Join("\n", errors) + "\n" + source);

            var diagnostics = new List<Diagnostic>();
            foreach (var c in new[] { lib, drv })
            {
                var analysis = await AnalyzerRunner.RunAsync(c);
                AnalyzerRunner.AssertSane(analysis);
                diagnostics.AddRange(analysis.Diagnostics.Where(d => d.Id.StartsWith("LCA", StringComparison.Ordinal)));
            }
            var reports = Execute(new[] { lib, drv }, timeout, source);
            return Compare(source, diagnostics, reports);
        }

        private static DifferentialResult Compare(string source, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<LockdepReport> reports)
        {
            LogFindings(source, diagnostics);
            var statics = diagnostics.Select(Of).ToList();
            var messages = new Dictionary<string, string>();
            for (int i = 0; i < statics.Count; i++) messages.TryAdd(statics[i].Key, diagnostics[i].ToString());

            var runtime = reports.Select(Of).ToList();
            var missed = runtime.Where(f => !Covered(f, statics, runtime)).ToList();
            var seen = new HashSet<string>(runtime.Select(f => f.Key));
            var staticOnly = statics.Where(f => !seen.Contains(f.Key)).GroupBy(f => f.Key).Select(g => g.First()).ToList();
            return new DifferentialResult(source, runtime, statics, missed, staticOnly, reports, messages);
        }

        private static Finding Of(Diagnostic d)
        {
            string? Get(string key) => d.Properties.TryGetValue(key, out var value) ? value : null;
            return new Finding(d.Id, Get(FindingProperties.LockClass), Get(FindingProperties.OtherLockClass), Get(FindingProperties.Pointer),
                Get(FindingProperties.Member), LineOf(d.Location), Get(FindingProperties.Method), Get(FindingProperties.Reenable) == "true");
        }

        private static Finding Of(LockdepReport r) =>
            new Finding(r.RuleId, r.LockClass, r.OtherLockClass, r.Pointer, null, LineOf(r.Site), r.Site?.Method, r.SiteIsReenable, LineOf(r.OtherSite),
                r.OtherSiteIsReenable, r.OtherSite?.Method);

        private static readonly object LogLock = new object();

        /// <summary>
        /// With <c>LCA_DIFFERENTIAL_FINDINGS_LOG=file</c>, every diagnostic of every program, whole
        /// (place, message, additional locations), one line each: run two commits over the same
        /// seeds and compare the sorted files to see that a change of the engine changed no finding.
        /// </summary>
        private static void LogFindings(string source, IReadOnlyList<Diagnostic> diagnostics)
        {
            if (Environment.GetEnvironmentVariable("LCA_DIFFERENTIAL_FINDINGS_LOG") is not string path) return;
            // The program by its text, the same in every process (string hashes are not).
            using var sha = System.Security.Cryptography.SHA256.Create();
            string program = Convert.ToHexString(sha.ComputeHash(Encoding.UTF8.GetBytes(source)), 0, 6);
            var lines = diagnostics.Select(d => $"{program} {d} [{string.Join("; ", d.AdditionalLocations.Select(l => l.GetLineSpan().ToString()))}]");
            lock (LogLock) File.AppendAllLines(path, lines);
        }

        /// <summary>
        /// The run's finding is reported statically too. Where rules.md makes one finding stand for
        /// another, that counts:
        /// - one diagnostic per site: a site that carries LCA0002 or LCA0001 (for any class) carries
        ///   no second one of those and no LCA0004, a site carries one LCA0004 (for the first held
        ///   class found) and one LCA0005 (for the first chain found: a helper that takes the lock
        ///   each call passes ends chains of several classes there), so a finding counts when its
        ///   site (the first "at File0.cs:N" of the message: the ON side, or the acquisition taken
        ///   second) has such a diagnostic;
        /// - LCA0002 on a class stands for LCA0001 on it (the irqsave fix covers both);
        /// - LCA0005 with an inner class that is itself used in that context is LCA0001/LCA0002's
        ///   finding: the run's LCA0005 counts when the analyzer reports LCA0001/LCA0002 on the inner
        ///   class, or when the run itself found that (the validator judges LCA0005 when the edge is
        ///   first seen, the analyzer at the end, knowing every use), or when the inner class's ON site
        ///   (the message's last site) carries LCA0001/LCA0002 for another class (its one finding); an
        ///   ON site that is a guard's release has no line at run time, so there a "held when ...
        ///   turns back on" LCA0001/LCA0002 in the same method is that site.
        /// </summary>
        public static bool Covered(Finding f, IReadOnlyCollection<Finding> statics, IReadOnlyCollection<Finding>? runtime = null)
        {
            bool Has(string id, string subject) => statics.Any(s => s.RuleId == id && s.Subject == subject);
            // A re-enable run by a guard's release has no line of its own at run time (the compiler's
            // finally): a "held when ... turns back on" finding in the same method is the same site.
            bool At(int line, bool heldWhen, string? method, params string[] ids) => statics.Any(s => ids.Contains(s.RuleId)
                && ((line > 0 && s.Line == line) || (heldWhen && s.HeldWhen && s.Method == method)));
            bool AtSite(params string[] ids) => At(f.Line, f.HeldWhen, f.Method, ids);
            switch (f.RuleId)
            {
                case "LCA0001": return Has("LCA0001", f.Subject) || Has("LCA0002", f.Subject) || AtSite("LCA0001", "LCA0002");
                case "LCA0002": return Has("LCA0002", f.Subject) || AtSite("LCA0002");
                case "LCA0004": return statics.Any(s => s.Key == f.Key) || AtSite("LCA0004", "LCA0001", "LCA0002");
                case "LCA0005":
                    return Has("LCA0005", f.Subject) || Has("LCA0001", f.Subject) || Has("LCA0002", f.Subject) || AtSite("LCA0005")
                        || At(f.OtherLine, f.OtherHeldWhen, f.OtherMethod, "LCA0001", "LCA0002")
                        || (runtime ?? Array.Empty<Finding>()).Any(r => (r.RuleId == "LCA0001" || r.RuleId == "LCA0002")
                            && r.Subject == f.Subject && Covered(r, statics));
                case "LCA0006": case "LCA0010": case "LCA0011": return Has(f.RuleId, f.Subject);
                default: return statics.Any(s => s.RuleId == f.RuleId);
            }
        }

        /// <param name="assemblies">The program's compilations, each referencing the ones before it; the last has <c>Drv.Exercise()</c>.</param>
        private static IReadOnlyList<LockdepReport> Execute(IReadOnlyList<Compilation> assemblies, TimeSpan timeout, string source)
        {
            // One load context per program, so that the driver finds the library it was built against;
            // the model itself comes from the test's own context (one validator).
            var context = new AssemblyLoadContext("program", isCollectible: true);
            var loaded = new Dictionary<string, Assembly>();
            Func<AssemblyLoadContext, AssemblyName, Assembly?> resolve = (_, name) => loaded.TryGetValue(name.Name ?? "", out var a) ? a : null;
            context.Resolving += resolve;
            try
            {
                return Run(context, loaded, assemblies, timeout, source);
            }
            finally
            {
                // Unloading keeps the context alive by a strong handle until its loader allocator
                // is collected; a handler that still reaches the loaded assemblies keeps that
                // allocator alive, and every program's code stayed mapped: about 15 memory
                // mappings a program, a crash at Linux's 65,530 after some 4,000 programs.
                context.Resolving -= resolve;
                loaded.Clear();
                context.Unload();
            }
        }

        private static IReadOnlyList<LockdepReport> Run(AssemblyLoadContext context, Dictionary<string, Assembly> loaded,
            IReadOnlyList<Compilation> assemblies, TimeSpan timeout, string source)
        {
            Assembly? last = null;
            foreach (var compilation in assemblies)
            {
                using var image = new MemoryStream();
                using var symbols = new MemoryStream();
                var emitted = compilation.Emit(image, symbols, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
                if (!emitted.Success) throw new InvalidOperationException("emit failed:\n" + string.Join("\n", emitted.Diagnostics) + "\n" + source);
                image.Position = 0;
                symbols.Position = 0;
                // With its symbols, so that run-time reports name File0.cs lines as the analyzer does.
                last = context.LoadFromStream(image, symbols);
                loaded[compilation.AssemblyName!] = last;
            }
            var exercise = last!.GetType("Drv")!.GetMethod("Exercise")!;

            var sink = LockdepSink.Collect();
            Lockdep.Reset();
            Lockdep.Enable(sink);
            Exception? failed = null;
            // A fresh thread per program: the caller's CPU state stays clean whatever the program does.
            var thread = new Thread(() =>
            {
                try { exercise.Invoke(null, null); }
                catch (Exception e) { failed = e; }
            }) { IsBackground = true, Name = "exercise" };
            thread.Start();
            bool finished = thread.Join(timeout);
            Lockdep.Disable();
            Kernel.TakeOopses();
            if (!finished) throw new TimeoutException($"the program did not finish in {timeout.TotalSeconds} s:\n{source}");
            if (failed != null) throw new InvalidOperationException("Exercise() threw:\n" + failed + "\n" + source);
            return sink.Reports;
        }
    }
}
