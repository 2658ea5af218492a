using System;
using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockContextAnalyzers.Tests.Incremental
{
    /// <summary>
    /// After an edit an IDE makes a new compilation; trees the edit did not touch keep their
    /// summaries (SummaryCache). Every finding must be what a fresh analysis of the same text finds.
    /// </summary>
    public class SummaryReuseTests
    {
        private const int Modules = 5;

        private static readonly string[] StatsBodies =
        {
            "SpinLockBh(Stats); SpinUnlockBh(Stats);",
            "SpinLock(Stats); SpinUnlock(Stats);",
            "",
            "Helper(Stats);",
        };

        private static readonly string[] WorkBodies =
        {
            "SpinLockBh(M{j}.Stats); SpinUnlockBh(M{j}.Stats);",
            "SpinLock(M{j}.Stats); SpinUnlock(M{j}.Stats);",
            "var f = SpinLockIrqSave(Ring); SpinUnlockIrqRestore(Ring, f);",
            "SpinLock(Ring); SpinUnlock(Ring);",
            "M{j}.Touch();",
            "SpinLockBh(Ring); M{j}.Touch(); SpinUnlockBh(Ring);",
            "Ops.Poke();",
            "Msleep(1);",
        };

        private static readonly string[] RingBodies =
        {
            "SpinLock(Ring); SpinUnlock(Ring);",
            "",
            "SpinLock(Ring); SpinLock(M{j}.Stats); SpinUnlock(M{j}.Stats); SpinUnlock(Ring);",
            "M{j}.Touch();",
        };

        // What a declaration edit makes of Touch, which other modules call: the same call binds to
        // another signature, sleeps, or has an overload beside it.
        private static readonly string[] TouchDeclarations =
        {
            "public static void Touch() {{ {0} }}",
            "[MightSleep] public static void Touch() {{ {0} }}",
            "public static void Touch(int n = 0) {{ {0} }}",
            "public static void Touch() {{ {0} }} public static void Touch(Spinlock l) {{ SpinLock(l); SpinUnlock(l); }}",
            "[MightSleep] public static void Touch(bool slow = true) {{ {0} }}",
        };

        private static string Module(int i, Random random, bool extraMethod, int touch = -1)
        {
            string Pick(string[] bodies) => bodies[random.Next(bodies.Length)].Replace("{j}", random.Next(Modules).ToString());
            return $@"
interface IOps{i} {{ void Poke(); }}
sealed class Ops{i} : IOps{i} {{ public void Poke() {{ {Pick(StatsBodies).Replace("Stats", $"M{i}.Stats").Replace("Helper(", $"M{i}.Helper(")} }} }}
static class M{i}
{{
    public static Spinlock Stats = new Spinlock();
    public static Spinlock Ring = new Spinlock();
    private static readonly IOps{i} Ops = new Ops{i}();
    public static void Init()
    {{
        KthreadRun(Thread, null, ""k{i}"");
        CallRcu(new RcuHead(), Release);
        RequestIrq({i}, Isr, ""d{i}"", null);
        TimerSetup(new TimerList(), t => {{ {Pick(StatsBodies)} }});
    }}
    static int Thread(object? d) {{ Work(); return 0; }}
    static void Release(RcuHead h) {{ {Pick(StatsBodies)} M{(i + 1) % Modules}.Touch(); }}
    static IrqReturn Isr(int irq, object? dev) {{ {Pick(RingBodies)} return IrqReturn.Handled; }}
    {(touch >= 0 ? string.Format(TouchDeclarations[touch], Pick(StatsBodies)) : (extraMethod && i % 2 == 0 ? "[MightSleep] " : "") + $"public static void Touch() {{ {Pick(StatsBodies)} }}")}
    static void Work() {{ {{ {Pick(WorkBodies)} }} {{ {Pick(WorkBodies)} }} }}
    public static void Helper(Spinlock l) {{ SpinLock(l); SpinUnlock(l); }}{(extraMethod ? "\n    public static void Extra() { SpinLock(Ring); SpinUnlock(Ring); }" : "")}
}}";
        }

        private static Compilation Create(string name, IEnumerable<SyntaxTree> trees) =>
            CSharpCompilation.Create(name, trees, TestReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        private static string Findings(Compilation compilation, out int reused) => Findings(compilation, out reused, out _);

        private static string Findings(Compilation compilation, out int reused, out bool moved) => Findings(compilation, out reused, out moved, out _);

        private static string Findings(Compilation compilation, out int reused, out bool moved, out int partly) =>
            Findings(compilation, out reused, out moved, out partly, out _);

        private static string Findings(Compilation compilation, out int reused, out bool moved, out int partly, out bool patched)
        {
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var api = KernelApi.TryCreate(compilation)!;
            var findings = CompilationFindings.Compute(compilation, api, AnalysisOptions.Default, default);
            reused = findings.ReusedTrees;
            moved = findings.FindingsReused;
            partly = findings.PartlyReusedTrees;
            patched = findings.IndexPatched;
            var inCompilation = new HashSet<SyntaxTree>(compilation.SyntaxTrees);
            string Where(Location l)
            {
                // A location in a tree of an earlier snapshot would be refused by the analyzer driver.
                Assert.True(l.SourceTree == null || inCompilation.Contains(l.SourceTree), $"{l} is not in this compilation");
                return $"{l.SourceTree?.FilePath}@{l.SourceSpan}";
            }
            return string.Join("\n", compilation.SyntaxTrees
                .SelectMany(t => findings.In(t))
                .Select(d => $"{d.Id} {Where(d.Location)} [{string.Join(", ", d.AdditionalLocations.Select(Where))}] {d.GetMessage()} {string.Join(",", d.Properties.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))}"));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void EditedBodies_GiveTheFindingsOfAFreshAnalysis(int seed)
        {
            var random = new Random(seed);
            var texts = Enumerable.Range(0, Modules).Select(i => Module(i, random, false)).ToArray();
            var extra = new bool[Modules];
            var usings = CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs");
            var trees = texts.Select((t, i) => CSharpSyntaxTree.ParseText(t, path: $"M{i}.cs")).Append(usings).ToList();
            string project = "Reuse" + Guid.NewGuid().ToString("N");
            var compilation = Create(project, trees);
            Findings(compilation, out _);
            int findingsSeen = 0, reusedRuns = 0, partlyRuns = 0, patchedRuns = 0;
            for (int step = 0; step < 30; step++)
            {
                int file = random.Next(Modules);
                bool declarationChange = step % 10 == 9; // now and then an edit other trees can see
                if (declarationChange) extra[file] = !extra[file];
                texts[file] = Module(file, random, extra[file]);
                var old = compilation.SyntaxTrees.First(t => t.FilePath == $"M{file}.cs");
                compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(texts[file], path: old.FilePath));

                string incremental = Findings(compilation, out int reused, out _, out int partly, out bool patched);
                patchedRuns += patched ? 1 : 0;
                var fresh = Create("Fresh" + Guid.NewGuid().ToString("N"),
                    texts.Select((t, i) => CSharpSyntaxTree.ParseText(t, path: $"M{i}.cs")).Append(CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs")));
                string expected = Findings(fresh, out int freshReused);
                partlyRuns += partly > 0 ? 1 : 0;

                Assert.Equal(0, freshReused);
                // Every tree but the edited one, less those last walked in a compilation other than
                // those most reused facts come from (SummaryCache keeps at most MaxSources older ones).
                // A declaration edit re-walks the edited tree and every tree that names a changed
                // member (Touch's [MightSleep] changes what its callers in other modules do).
                Assert.InRange(reused, declarationChange ? 0 : 1, Modules);
                Assert.Equal(expected, incremental);
                var run = SummaryCache.Previous(compilation)!;
                Assert.Same(compilation.SyntaxTrees.First(), run.Trees[0]);
                Assert.InRange(run.Facts.SelectMany(f => f.Sources).Distinct().Count(), 1, SummaryCache.MaxSources + 1); // old compilations do not pile up
                findingsSeen += expected.Length > 0 ? 1 : 0;
                reusedRuns += reused > 0 ? 1 : 0;
            }
            Assert.True(findingsSeen > 10, "the edits should produce findings to compare");
            Assert.True(reusedRuns >= 27, $"body edits, and declaration edits that leave other trees alone, reuse ({reusedRuns} of 30)");
            // A declaration edit re-walks only the bodies of other trees that name the changed member.
            Assert.True(patchedRuns >= 8, $"body edits that keep every fact's key should patch the earlier index ({patchedRuns} of 30)");
            Assert.True(partlyRuns >= 1, $"a declaration edit that other trees name should re-walk them in part ({partlyRuns} of 3 declaration edits; a new Extra, named nowhere, re-walks nothing)");
        }

        /// <summary>
        /// Declaration edits of a method every module calls from other modules, among body edits:
        /// the callers' bodies are walked again and the bodies beside them copied (the rest of
        /// their trees), and every step's findings are a fresh analysis'.
        /// </summary>
        [Theory]
        [InlineData(41)]
        [InlineData(42)]
        public void DeclarationEditsOfACalledMethod_GiveTheFindingsOfAFreshAnalysis(int seed)
        {
            var random = new Random(seed);
            var touch = new int[Modules];
            var texts = Enumerable.Range(0, Modules).Select(i => Module(i, random, false, touch[i])).ToArray();
            var compilation = Create("Decl" + Guid.NewGuid().ToString("N"),
                texts.Select((t, i) => CSharpSyntaxTree.ParseText(t, path: $"M{i}.cs")).Append(CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs")));
            Findings(compilation, out _);
            int partlyRuns = 0;
            for (int step = 0; step < 20; step++)
            {
                int file = random.Next(Modules);
                if (step % 2 == 0) touch[file] = (touch[file] + 1 + random.Next(TouchDeclarations.Length - 1)) % TouchDeclarations.Length;
                texts[file] = Module(file, random, false, touch[file]);
                var old = compilation.SyntaxTrees.First(t => t.FilePath == $"M{file}.cs");
                compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(texts[file], path: old.FilePath));
                string incremental = Findings(compilation, out _, out _, out int partly);
                Assert.Equal(Fresh(compilation), incremental);
                partlyRuns += partly > 0 ? 1 : 0;
            }
            Assert.True(partlyRuns >= 5, $"declaration edits of Touch should re-walk its callers' trees in part ({partlyRuns} of 20 steps)");
        }

        /// <summary>
        /// A declaration edit that changes what a caller in another file does ([MightSleep] added to
        /// a method, then a parameter added): that file's body that calls it is walked again, the
        /// body beside it is copied, and the findings are a fresh analysis' (LCA0007 appears, goes).
        /// </summary>
        [Fact]
        public void ADeclarationEdit_RewalksTheBodiesThatNameIt_AndGivesTheFreshFindings()
        {
            string callee = "static class A { public static void Touch() { } }";
            const string caller = """
static class B
{
    static Spinlock l = new();
    public static void Call() { SpinLock(l); A.Touch(); SpinUnlock(l); }
    public static void Other() { SpinLock(l); SpinUnlock(l); }
}
""";
            var compilation = Create("Partly" + Guid.NewGuid().ToString("N"), new[]
            {
                CSharpSyntaxTree.ParseText(callee, path: "A.cs"), CSharpSyntaxTree.ParseText(caller, path: "B.cs"),
                CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs"),
            });
            Assert.Equal("", Findings(compilation, out _));
            foreach (var (edit, sleeps) in new[]
            {
                ("static class A { [MightSleep] public static void Touch() { } }", true),
                ("static class A { [MightSleep] public static void Touch(int n = 0) { } }", true),
                ("static class A { public static void Touch(int n = 0) { } }", false),
            })
            {
                var old = compilation.SyntaxTrees.First(t => t.FilePath == "A.cs");
                compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(edit, path: "A.cs"));
                string incremental = Findings(compilation, out int reused, out _, out int partly);
                Assert.Equal(Fresh(compilation), incremental);
                Assert.Equal(sleeps, incremental.Contains("LCA0007 B.cs", StringComparison.Ordinal));
                Assert.True((1, 1) == (reused, partly), $"{edit}: reused {reused}, partly {partly}"); // Usings.cs whole; B.cs in part
            }
        }

        // Edits as typed in the editor: some keep every lock fact where it was (the findings are
        // moved, no analysis runs), some move facts to other lines or columns, some change them.
        private static readonly (string Kind, Func<string, int, string> Apply, bool KeepsFacts)[] Keystrokes =
        {
            ("comment at the end of a line", (t, k) => t.Replace("Work(); return 0; }", $"Work(); return 0; }} // note {k}"), true),
            ("same-length change", (t, k) => t.Replace("return 0;", $"return {k % 10};"), true),
            ("new line above", (t, k) => t.Replace("    static void Work()", $"    // line {k}\n    static void Work()"), false),
            ("lock form changed", (t, k) => t.Replace("public static void Helper(Spinlock l) { SpinLock(l); SpinUnlock(l); }",
                "public static void Helper(Spinlock l) { SpinLockBh(l); SpinUnlockBh(l); }"), false),
        };

        [Theory]
        [InlineData(21)]
        [InlineData(22)]
        public void KeystrokesThatKeepTheFacts_MoveTheFindings_AndEqualAFreshAnalysis(int seed)
        {
            var random = new Random(seed);
            var texts = Enumerable.Range(0, Modules).Select(i => Module(i, random, false)).ToArray();
            var trees = texts.Select((t, i) => CSharpSyntaxTree.ParseText(t, path: $"M{i}.cs"))
                .Append(CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs")).ToList();
            var compilation = Create("Keys" + Guid.NewGuid().ToString("N"), trees);
            Findings(compilation, out _);
            int moved = 0, movable = 0;
            for (int step = 0; step < 24; step++)
            {
                int file = random.Next(Modules);
                var (kind, apply, keepsFacts) = Keystrokes[random.Next(Keystrokes.Length)];
                string edited = apply(texts[file], step);
                if (edited == texts[file]) continue;
                texts[file] = edited;
                var old = compilation.SyntaxTrees.First(t => t.FilePath == $"M{file}.cs");
                compilation = compilation.ReplaceSyntaxTree(old, old.WithChangedText(SourceText(edited)));

                string incremental = Findings(compilation, out _, out bool wasMoved);
                var fresh = Create("Fresh" + Guid.NewGuid().ToString("N"),
                    texts.Select((t, i) => CSharpSyntaxTree.ParseText(t, path: $"M{i}.cs")).Append(CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs")));
                Assert.Equal(Findings(fresh, out _), incremental);
                if (!keepsFacts) Assert.False(wasMoved, kind + ": the facts changed, the analysis must run");
                movable += keepsFacts ? 1 : 0;
                moved += wasMoved ? 1 : 0;
            }
            Assert.True(movable > 3 && moved == movable, $"every edit that keeps the facts should move the findings ({moved} of {movable})");
        }

        private static Microsoft.CodeAnalysis.Text.SourceText SourceText(string text) => Microsoft.CodeAnalysis.Text.SourceText.From(text);

        // The same text, parsed anew in the same tree order: nothing to reuse.
        private static string Fresh(Compilation compilation) =>
            Findings(Create("Fresh" + Guid.NewGuid().ToString("N"), compilation.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), path: t.FilePath))), out _);

        [Fact]
        public void FilesDeletedAndAdded_GiveTheFindingsOfAFreshAnalysis()
        {
            var random = new Random(31);
            var texts = Enumerable.Range(0, Modules).Select(i => Module(i, random, false)).ToList();
            var usings = CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs");
            var compilation = Create("Files" + Guid.NewGuid().ToString("N"), texts.Select((t, i) => CSharpSyntaxTree.ParseText(t, path: $"M{i}.cs")).Append(usings));
            Findings(compilation, out _);

            // M4 goes (nothing else names it: modules call M{j} for j < Modules, so make the rest stop
            // naming it first), then a new file comes that calls into M0.
            for (int i = 0; i < 4; i++)
            {
                texts[i] = texts[i].Replace("M4.", "M0.");
                var old = compilation.SyntaxTrees.First(t => t.FilePath == $"M{i}.cs");
                compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(texts[i], path: old.FilePath));
            }
            Findings(compilation, out _);
            compilation = compilation.RemoveSyntaxTrees(compilation.SyntaxTrees.First(t => t.FilePath == "M4.cs"));
            string afterDeletion = Findings(compilation, out _);
            var deleted = compilation;
            const string added = "static class Late { static Spinlock Own = new Spinlock(); " +
                "public static void Init() => TimerSetup(new TimerList(), t => { SpinLock(Own); SpinUnlock(Own); }); " +
                "public static void Go() { SpinLock(Own); M0.Touch(); SpinUnlock(Own); } }"; // LCA0001 on Go's SpinLock
            compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(added, path: "Late.cs"));
            string afterAddition = Findings(compilation, out _);

            Assert.Equal(Fresh(deleted), afterDeletion);
            Assert.Equal(Fresh(compilation), afterAddition);
            Assert.NotEqual(afterDeletion, afterAddition);
        }

        [Fact]
        public void EditsOneFileAfterAnother_DoNotKeepEveryOldCompilationAlive()
        {
            var random = new Random(5);
            var texts = Enumerable.Range(0, Modules).Select(i => Module(i, random, false)).ToArray();
            var trees = texts.Select((t, i) => CSharpSyntaxTree.ParseText(t, path: $"M{i}.cs"))
                .Append(CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs"));
            var made = new List<WeakReference<Compilation>>();
            var compilation = Edits(Create("Chain" + Guid.NewGuid().ToString("N"), trees), random, made);
            for (int i = 0; i < 3; i++) { GC.Collect(); GC.WaitForPendingFinalizers(); }
            // The newest, and the at most MaxSources it reuses facts from; a replaced tree must not
            // lead back to its old run (and so to every snapshot since the first).
            Assert.InRange(made.Count(w => w.TryGetTarget(out _)), 1, SummaryCache.MaxSources + 1);
            GC.KeepAlive(compilation);
        }

        // Separate, so that no local of the loop keeps a compilation alive.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static Compilation Edits(Compilation compilation, Random random, List<WeakReference<Compilation>> made)
        {
            var api = KernelApi.TryCreate(compilation)!;
            CompilationFindings.For(compilation, api, AnalysisOptions.Default, default);
            for (int step = 0; step < 30; step++) // well beyond MaxSources + 1, so that a leak shows
            {
                var old = compilation.SyntaxTrees.First(t => t.FilePath == $"M{step % Modules}.cs");
                compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(Module(step % Modules, random, false), path: old.FilePath));
                made.Add(new WeakReference<Compilation>(compilation));
                CompilationFindings.For(compilation, KernelApi.TryCreate(compilation)!, AnalysisOptions.Default, default);
            }
            return compilation;
        }

        [Fact]
        public void FindingsFor_OneCompilation_AreComputedOncePerOptions()
        {
            var random = new Random(11);
            var trees = Enumerable.Range(0, Modules).Select(i => CSharpSyntaxTree.ParseText(Module(i, random, false), path: $"M{i}.cs"))
                .Append(CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs"));
            var compilation = Create("Once" + Guid.NewGuid().ToString("N"), trees);
            var api = KernelApi.TryCreate(compilation)!;
            var first = CompilationFindings.For(compilation, api, AnalysisOptions.Default, default);
            Assert.Same(first, CompilationFindings.For(compilation, api, new AnalysisOptions(hrtimerDefaultSoft: false), default));
            var soft = CompilationFindings.For(compilation, api, new AnalysisOptions(hrtimerDefaultSoft: true), default);
            Assert.NotSame(first, soft);
            Assert.Same(soft, CompilationFindings.For(compilation, api, new AnalysisOptions(hrtimerDefaultSoft: true), default));
        }

        [Fact]
        public void TheSameCompilationAgain_ReusesEveryTree_AndFindsTheSame()
        {
            var random = new Random(7);
            var trees = Enumerable.Range(0, Modules).Select(i => CSharpSyntaxTree.ParseText(Module(i, random, false), path: $"M{i}.cs"))
                .Append(CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs"));
            var compilation = Create("Again" + Guid.NewGuid().ToString("N"), trees);
            string first = Findings(compilation, out int before);
            string second = Findings(compilation, out int after);
            Assert.Equal(0, before);
            Assert.Equal(Modules + 1, after);
            Assert.Equal(first, second);
        }
    }
}
