using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Tests.Differential;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockContextAnalyzers.Tests.Incremental
{
    /// <summary>
    /// Edits that change lock facts but no fact's key patch the earlier analysis' index and call
    /// graph (<see cref="IndexPatch"/>). Projects of random drivers (the differential tests'
    /// generator, one per file) and a file of delegates kept in fields, edited one file after
    /// another: a lock form swapped, a helper call retargeted, a lambda's body changed, now and
    /// then a whole new driver (new keys: filled anew) or a comment (findings moved). After every
    /// step the findings are a fresh analysis' of the same text.
    /// </summary>
    public class IndexPatchTests
    {
        private const int Drivers = 5;

        // Lambdas stored in fields and called through them: their summaries are found through the
        // index's delegates by store, which a patch must swap to the new lambdas; a lock kept in a
        // local, whose values the index keeps by the local; an interface call through a parameter,
        // answered from the index's implementations of the interface method, and one through a
        // local that only ever holds a Quiet (narrowed by what the index says the local is assigned);
        // an hrtimer whose mode is kept in a local (the index keeps modes by the local).
        private const string Hooks = @"using System;
using LockContext;
using static LockContext.Kernel;

public static class Hooks
{
    public static readonly Spinlock Gate = new Spinlock();
    private static readonly Action OnTick = () => { SpinLock(Gate); SpinUnlock(Gate); };
    private static readonly Action<int> OnData = n => { SpinLock(Gate); SpinUnlock(Gate); };
    public static void Init() { RequestIrq(77, (irq, dev) => { SpinLock(Gate); SpinUnlock(Gate); Poke(new Dev()); return IrqReturn.Handled; }, ""hooks"", null); }
    public static void Poke(IDev d) { d.Kick(); }
    public static void Tick() { OnTick(); }
    public static void Data() { OnData(1); }
    public static void ByLocal() { var l = Gate; SpinLock(l); SpinUnlock(l); }
    public static void Narrowed() { IDev d = new Quiet(); d.Kick(); }
    public static readonly HrTimer Pulse = new HrTimer();
    public static void Arm() { var mode = HrTimerMode.RelSoft; HrtimerSetup(Pulse, t => { SpinLock(Gate); SpinUnlock(Gate); return HrTimerRestart.NoRestart; }, mode); }
    public static void FromProcess() { Tick(); Data(); ByLocal(); Narrowed(); Arm(); }
}

public interface IDev { void Kick(); }
public sealed class Dev : IDev { public static readonly Spinlock Own = new Spinlock(); public void Kick() { SpinLock(Own); SpinUnlock(Own); } }
public sealed class Quiet : IDev { public void Kick() { } }
";

        private static readonly Regex Helper = new Regex(@"\bH(\d+)\(\);");

        private static string Driver(int seed, int k) =>
            Regex.Replace(new ProgramGenerator(seed).Generate(), @"\b(Drv|Node)\b", m => m.Value + k);

        // Spin locks' plain and _bh forms traded, everywhere in the file: keys stay, facts change.
        private static string SwapLockForms(string text) =>
            text.Replace("SpinLockBh(", "\u0001").Replace("SpinUnlockBh(", "\u0002")
                .Replace("SpinLock(", "SpinLockBh(").Replace("SpinUnlock(", "SpinUnlockBh(")
                .Replace("\u0001", "SpinLock(").Replace("\u0002", "SpinUnlock(");

        // One helper call made to call another helper of the same driver: a call's callees change.
        private static string RetargetCall(string text, Random random)
        {
            var calls = Helper.Matches(text);
            var declared = Regex.Matches(text, @"static void H(\d+)\(\)").Select(m => m.Groups[1].Value).ToArray();
            if (calls.Count == 0 || declared.Length < 2) return text;
            var call = calls[random.Next(calls.Count)];
            return text.Substring(0, call.Index) + $"H{declared[random.Next(declared.Length)]}();" + text.Substring(call.Index + call.Length);
        }

        [Theory]
        [InlineData(3100)]
        [InlineData(3200)]
        public void EditsThatKeepTheKeys_PatchTheIndex_AndGiveTheFindingsOfAFreshAnalysis(int seed)
        {
            var random = new Random(seed);
            var texts = Enumerable.Range(0, Drivers).Select(k => Driver(seed + k, k)).Append(Hooks).ToArray();
            string Path(int i) => i < Drivers ? $"Drv{i}.cs" : "Hooks.cs";
            var compilation = Create(texts, Path);
            Findings(compilation, out _);
            int patched = 0, filled = 0;
            for (int step = 0; step < 30; step++)
            {
                int file = random.Next(texts.Length);
                int kind = random.Next(10);
                string edited =
                    file == Drivers ? (kind < 8 ? SwapLockForms(texts[file]) : texts[file] + $"// note {step}\n")
                    : kind < 4 ? SwapLockForms(texts[file])
                    : kind < 7 ? RetargetCall(texts[file], random)
                    : kind < 8 ? texts[file] + $"// note {step}\n"
                    : Driver(seed + 100 * (step + 1) + file, file);
                if (edited == texts[file]) continue;
                texts[file] = edited;
                var old = compilation.SyntaxTrees.First(t => t.FilePath == Path(file));
                compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(edited, path: old.FilePath));

                string incremental = Findings(compilation, out var findings);
                Assert.Equal(Findings(Create(texts, Path), out _), incremental);
                patched += findings.IndexPatched ? 1 : 0;
                filled += findings.FindingsReused || findings.IndexPatched ? 0 : 1;
            }
            Assert.True(patched >= 10, $"edits that keep every key should patch the index ({patched} of 30 steps)");
            Assert.True(filled >= 2, $"a new driver has new keys: the index is filled anew ({filled} of 30 steps)");
        }

        /// <summary>
        /// The project as it opened was analysed with symbols compared within its one compilation;
        /// the first fact-changing edit patches that index, its maps hashed again for comparing
        /// across compilations.
        /// </summary>
        [Fact]
        public void TheFirstEditAfterTheProjectOpens_PatchesTheOpeningIndex()
        {
            var texts = Enumerable.Range(0, Drivers).Select(k => Driver(3400 + k, k)).Append(Hooks).ToArray();
            string Path(int i) => i < Drivers ? $"Drv{i}.cs" : "Hooks.cs";
            var compilation = Create(texts, Path);
            Findings(compilation, out _);
            foreach (int file in new[] { 0, Drivers })
            {
                texts[file] = SwapLockForms(texts[file]);
                var old = compilation.SyntaxTrees.First(t => t.FilePath == Path(file));
                compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(texts[file], path: old.FilePath));
                string incremental = Findings(compilation, out var findings);
                Assert.True(findings.IndexPatched, $"the edit of {Path(file)} should patch the index");
                Assert.Equal(Findings(Create(texts, Path), out _), incremental);
            }
        }

        /// <summary>
        /// A keystroke that keeps the facts (its findings moved) has the opening index's maps
        /// keyed across compilations aside; the first fact-changing edit then copies them instead
        /// of hashing every key, with a fresh analysis' findings.
        /// </summary>
        [Fact]
        public async System.Threading.Tasks.Task AfterAKeystrokeThatKeepsTheFacts_TheFirstPatchCopiesMapsKeyedAside()
        {
            var texts = Enumerable.Range(0, Drivers).Select(k => Driver(3500 + k, k)).Append(Hooks).ToArray();
            string Path(int i) => i < Drivers ? $"Drv{i}.cs" : "Hooks.cs";
            var compilation = Create(texts, Path);
            Findings(compilation, out _);
            compilation = Edit(compilation, texts, 1, texts[1] + "// a note\n", Path);
            Findings(compilation, out var moved);
            Assert.True(moved.FindingsReused, "a comment keeps every fact");
            var resolved = SummaryCache.Previous(compilation)!.Resolved!;
            Assert.False(resolved.Index.AcrossCompilations);
            var making = resolved.PrepareMapsAcrossCompilations()!;
            Assert.Same(making, await System.Threading.Tasks.Task.WhenAny(making, System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(30))));
            Assert.NotSame(resolved.Index, resolved.MapsToPatchFrom);
            Assert.True(resolved.MapsToPatchFrom.AcrossCompilations);

            compilation = Edit(compilation, texts, 0, SwapLockForms(texts[0]), Path);
            string incremental = Findings(compilation, out var findings);
            Assert.True(findings.IndexPatched, "the first fact-changing edit patches from the copy");
            Assert.Equal(Findings(Create(texts, Path), out _), incremental);
        }

        /// <summary>
        /// A wait for a timer's callback, the callback and the registration in three files: edits
        /// that put the wait under the lock and take it out, retarget the registration and change
        /// the callback's lock give, step by step, what a fresh analysis gives.
        /// </summary>
        [Fact]
        public void EditsOfAWaitItsCallbackAndTheRegistration_GiveTheFindingsOfAFreshAnalysis()
        {
            const string Fields = "partial class Dev\n{\n    Spinlock lk = new(), stats = new();\n    TimerList watchdog = new(), poll = new();\n    void Other(TimerList t) { }\n}\n";
            string Register(string timer) => $"partial class Dev\n{{\n    public void Open() {{ TimerSetup({timer}, Expire); TimerSetup(poll, Other); }}\n}}\n";
            string Close(bool under) => under
                ? "partial class Dev\n{\n    public void Close() { SpinLockBh(lk); DelTimerSync(watchdog); SpinUnlockBh(lk); }\n}\n"
                : "partial class Dev\n{\n    public void Close() { SpinLockBh(lk); SpinUnlockBh(lk); DelTimerSync(watchdog); }\n}\n";
            string Expire(string lk) => $"partial class Dev\n{{\n    void Expire(TimerList t) {{ SpinLock({lk}); SpinUnlock({lk}); }}\n}}\n";
            var texts = new[] { TestReferences.GlobalUsings + Fields, Register("watchdog"), Close(false), Expire("lk") };
            string Path(int i) => $"Dev{i}.cs";
            var compilation = Create(texts, Path);
            Assert.DoesNotContain("LCA0004", Findings(compilation, out _));
            foreach (var (file, edited, cycle) in new[]
            {
                (2, Close(true), true), (3, Expire("stats"), false), (3, Expire("lk"), true),
                (1, Register("poll"), false), (1, Register("watchdog"), true), (2, Close(false), false),
            })
            {
                compilation = Edit(compilation, texts, file, edited, Path);
                string incremental = Findings(compilation, out _);
                Assert.Equal(Findings(Create(texts, Path), out _), incremental);
                Assert.Equal(cycle, incremental.Contains("LCA0004 Dev2.cs"));
            }
        }

        private static Compilation Edit(Compilation compilation, string[] texts, int file, string edited, Func<int, string> path)
        {
            texts[file] = edited;
            var old = compilation.SyntaxTrees.First(t => t.FilePath == path(file));
            return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(edited, path: old.FilePath));
        }

        /// <summary>
        /// A callback written in one file and registered in another: an edit of the callback's
        /// file replaces its summary, and the registration, whose resolution the patched graph
        /// keeps from the earlier one, must lead to the new summary (a method group and a lambda
        /// kept in a field: two ways a registration names its callback).
        /// </summary>
        [Fact]
        public void ACallbackEditedApartFromItsRegistration_IsTheOneThePatchedAnalysisEnters()
        {
            string Callbacks(bool take) => $$"""
using System;
using LockContext;
using static LockContext.Kernel;

static class Cb
{
    public static void OnTimer(TimerList t) { {{(take ? "SpinLock(Shared.L); SpinUnlock(Shared.L);" : "Shared.Count++;")}} }
    public static readonly Action<RcuHead> OnRcu = h => { {{(take ? "SpinLock(Shared.M); SpinUnlock(Shared.M);" : "Shared.Count--;")}} };
}
""";
            var texts = new[]
            {
                """
using LockContext;
using static LockContext.Kernel;

static class Shared
{
    public static readonly Spinlock L = new Spinlock();
    public static readonly Spinlock M = new Spinlock();
    public static int Count;
    public static void Init()
    {
        TimerSetup(new TimerList(), Cb.OnTimer);
        CallRcu(new RcuHead(), Cb.OnRcu);
        KthreadRun(Run, null, "kcb");
    }
    static int Run(object? d) { SpinLock(L); SpinUnlock(L); SpinLock(M); SpinUnlock(M); return 0; }
}
""",
                Callbacks(take: true),
            };
            string Path(int i) => i == 0 ? "Shared.cs" : "Cb.cs";
            var compilation = Create(texts, Path);
            Findings(compilation, out _);
            foreach (bool take in new[] { false, true, false, true })
            {
                texts[1] = Callbacks(take);
                var old = compilation.SyntaxTrees.First(t => t.FilePath == "Cb.cs");
                compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(texts[1], path: old.FilePath));
                string incremental = Findings(compilation, out var findings);
                Assert.True(findings.IndexPatched, "an edit inside the callbacks' bodies keeps every key");
                Assert.Equal(Findings(Create(texts, Path), out _), incremental);
                // Both callbacks run in softirq: the thread's plain SpinLock of L and of M is LCA0001 only while they take them.
                Assert.Equal(take ? 2 : 0, Regex.Matches(incremental, "LCA0001 Shared.cs").Count);
            }
        }

        /// <summary>
        /// A patched index holds the new facts' symbols only: an old key or value left behind would
        /// keep its compilation alive through every later patch, one more per edit.
        /// </summary>
        [Fact]
        public void PatchesOneFileAfterAnother_DoNotKeepEveryOldCompilationAlive()
        {
            var texts = Enumerable.Range(0, Drivers).Select(k => Driver(3300 + k, k)).Append(Hooks).ToArray();
            var made = new List<WeakReference<Compilation>>();
            var compilation = Patches(texts, made, out int patched);
            for (int i = 0; i < 3; i++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
            Assert.True(patched >= 20, $"every edit after the first two keeps the keys ({patched} of 30 patched)");
            // The newest, and the compilations the facts it reuses come from (SummaryCache.MaxSources).
            Assert.InRange(made.Count(w => w.TryGetTarget(out _)), 1, SummaryCache.MaxSources + 1);
            GC.KeepAlive(compilation);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static Compilation Patches(string[] texts, List<WeakReference<Compilation>> made, out int patched)
        {
            string Path(int i) => i < Drivers ? $"Drv{i}.cs" : "Hooks.cs";
            var compilation = Create(texts, Path);
            Findings(compilation, out _);
            patched = 0;
            for (int step = 0; step < 30; step++)
            {
                int file = step % texts.Length;
                texts[file] = SwapLockForms(texts[file]);
                var old = compilation.SyntaxTrees.First(t => t.FilePath == Path(file));
                compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(texts[file], path: old.FilePath));
                made.Add(new WeakReference<Compilation>(compilation));
                Findings(compilation, out var findings);
                patched += findings.IndexPatched ? 1 : 0;
            }
            return compilation;
        }

        private static Compilation Create(string[] texts, Func<int, string> path) =>
            CSharpCompilation.Create("Patch" + Guid.NewGuid().ToString("N"),
                texts.Select((t, i) => CSharpSyntaxTree.ParseText(t, path: path(i))), TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        private static string Findings(Compilation compilation, out CompilationFindings findings)
        {
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            findings = CompilationFindings.Compute(compilation, KernelApi.TryCreate(compilation)!, AnalysisOptions.Default, default);
            var inCompilation = new HashSet<SyntaxTree>(compilation.SyntaxTrees);
            string Where(Location l)
            {
                Assert.True(l.SourceTree == null || inCompilation.Contains(l.SourceTree), $"{l} is not in this compilation");
                return $"{l.SourceTree?.FilePath}@{l.SourceSpan}";
            }
            var all = findings;
            return string.Join("\n", compilation.SyntaxTrees
                .SelectMany(t => all.In(t))
                .Select(d => $"{d.Id} {Where(d.Location)} [{string.Join(", ", d.AdditionalLocations.Select(Where))}] {d.GetMessage()}"));
        }
    }
}
