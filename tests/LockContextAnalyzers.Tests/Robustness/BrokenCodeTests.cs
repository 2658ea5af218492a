using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockContextAnalyzers.Tests.Robustness
{
    /// <summary>Code as it is typed, code that does not compile, and the odd corners of C#: never an exception.</summary>
    public class BrokenCodeTests
    {
        public static TheoryData<string> Inputs() => new TheoryData<string>
        {
            "static class A { static void M() { SpinLock(null); SpinUnlock(null!); } }",
            "static class A { static void M() { SpinLock(); SpinLock(new Spinlock(), 3); SpinUnlockIrqRestore(new Spinlock()); } }",
            "static class A { static Spinlock[] ls = new Spinlock[2]; static void M() { SpinLock(ls[0]); SpinUnlock(ls[0]); } }",
            "static class A { static void M(dynamic d) { SpinLock(d); SpinLock(d.Lock); SpinUnlock(d); } }",
            "static class A { static void M() { SpinLock(Missing.Lock); CallRcu(null, Missing); TimerSetup(new TimerList(), NoSuch); } }",
            "static class A { static void M() { HrtimerSetup(new HrTimer(), null, (HrTimerMode)42); HrtimerSetup(new HrTimer(), t => HrTimerRestart.Restart, default); } }",
            "partial class P { static Spinlock l = new Spinlock(); partial void Q(); } partial class P { partial void Q() { SpinLock(l); } [SoftirqContext] void R() => Q(); }",
            "class G<T> where T : class { Spinlock l = new Spinlock(); void M<U>(U u) { SpinLock(l); SpinUnlock(l); } [SoftirqContext] void S() => M(1); }",
            "record R(Spinlock L) { [SoftirqContext] void S() { SpinLock(L); SpinUnlock(L); } public void P() { SpinLock(L); SpinUnlock(L); } }",
            "struct S { Spinlock l; [SoftirqContext] void A() { SpinLock(l); SpinUnlock(l); } void B() { SpinLock(l); } }",
            "static class A { static Spinlock l = new(); static void M() { CallRcu(new RcuHead(), static h => { SpinLock(l); SpinUnlock(l); }); SpinLock(l); } }",
            "static class A { static Spinlock l = new(); static async System.Threading.Tasks.Task M() { SpinLock(l); await System.Threading.Tasks.Task.Yield(); SpinUnlock(l); } }",
            "static class A { static Spinlock l = new(); static IEnumerable<int> M() { SpinLock(l); yield return 1; SpinUnlock(l); } }",
            "static class A { static Spinlock l = new(); static void M() { Action a = () => { void Inner() { SpinLock(l); SpinUnlock(l); } Inner(); }; TimerSetup(new TimerList(), t => a()); SpinLock(l); } }",
            "static class A { static Spinlock l = new(); static void M() { CallRcu(new RcuHead(), Self); } static void Self(RcuHead h) { CallRcu(h, Self); SpinLock(l); SpinUnlock(l); } static void P() => Self(new RcuHead()); }",
            "static class A { static void M() { SpinLock(",
            "static class A { static Spinlock l = new(); static void M() { if (true) SpinLock(l) else SpinUnlock(l); } }",
            "static class A { static Spinlock l = new(); static void M() { goto x; x: SpinLock(l); try { throw null!; } catch { SpinUnlock(l); } finally { } } }",
            "static class A { static Spinlock l = new(); static void M() { using (Guard.SpinLock(l)) using (Guard.SpinLockBh(null!)) { lock (l) { } } } }",
            "static class A { static Spinlock l = new(); static int Get => SpinTrylock(l) ? 1 : 0; static int this[int i] => 0; static event Action E { add { SpinLock(l); } remove { } } }",
            "class B { public virtual void V() { } } class C : B { public override void V() { base.V(); V(); } }",
            "static class A { static Spinlock l = new(); unsafe static void M(int* p) { SpinLock(l); *p = 1; SpinUnlock(l); } }",
            "static class A { static Spinlock l = new(); static void M() { var g = Guard.SpinLock(l); g = null!; g?.Dispose(); } }",
            "[SoftirqContext] [HardirqContext] static class A { }",
            // found in Polyfill's sources: a lambda inside a try region (its graph sits in the outer graph's regions)
            "static class A { static Spinlock l = new(); static int n; static void M() { try { if (n > 0) n++; if (n > 1) n++; if (n > 2) n++; if (n > 3) n++; Action a = () => SpinLock(l); a(); } catch (Exception) { SpinUnlock(l); } } }",
            "static class A { [LockClass(null!)] static Spinlock l = new(); [LockClass] static Spinlock m = new(); static void M() { SpinLock(l); SpinLock(m); } }",
            // guarded data and RCU pointers, half-typed and wrong
            "class D { [GuardedBy(",
            "class D { [GuardedBy(null!)] int a; [GuardedBy(\"\")] int b; [GuardedBy(\"nosuch\")] int c; [GuardedBy(\"a.b.c.d\")] int d; [GuardedBy(\"D\")] int e; void M() { a++; b++; c = d + e; } }",
            "class D { Spinlock l = new(); [GuardedBy(\"l\")] int[] xs = new int[2]; [GuardedBy(\"l\")] D? next; void M() { xs[0]++; next!.xs[1] = 2; (next, next) = (null, null); } }",
            "class D<T> where T : class { Spinlock l = new(); [GuardedBy(\"l\")] T? v; [GuardedBy(\"l\")] static RcuPointer<T> p = new(); void M(T t) { v = t; RcuAssignPointer(p, t); _ = RcuDereference(p); } }",
            "static class A { static void M() { RcuDereference(); RcuDereference(null!); RcuReplacePointer<object>(null!, null, null!); LockdepAssertHeld(null!); LockdepAssertHeld(42); } }",
            "static class A { static RcuPointer<string> p = new(); static void M() { var r = RcuDereference(",
            "class D { Spinlock l = new(); [AcquiresWhen(true, \"l\")] void Bad() { } [AcquiresWhen(false, null!)] bool T() => SpinTrylock(l); [AcquiresWhen(true, \"nosuch\")] bool U() => true; void M() { if (T()) SpinUnlock(l); if (U()) { } Bad(); } }",
            "class D { Spinlock l = new(); [MustHold(\"nosuch\")] void A() { } [MustHold(\"l\")] [MustHold(\"l\")] void B() => A(); void C() { A(); B(); } }",
        };

        [Theory]
        [MemberData(nameof(Inputs))]
        public async Task NeverThrows(string source)
        {
            var result = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(new[] { source }));
            AnalyzerRunner.AssertSane(result);
        }

        /// <summary>
        /// The same code as a library: its build's generator (library facts) never fails, and a
        /// project that references it live, as an IDE has it, never throws either.
        /// </summary>
        [Theory]
        [MemberData(nameof(Inputs))]
        public async Task AsALibrary_TheGeneratorAndAReferencingProject_NeverThrow(string source)
        {
            string library = source.Replace("static class A", "public static class A").Replace("static void M", "public static void M");
            var compilation = AnalyzerRunner.Compile(new[] { library });
            var driver = CSharpGeneratorDriver.Create(new LockContextAnalyzers.CrossAssembly.LibraryFactsGenerator().AsSourceGenerator())
                .RunGeneratorsAndUpdateCompilation(compilation, out var built, out var diagnostics);
            Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
            Assert.DoesNotContain(diagnostics, d => d.Id == "CS8785");
            var consumer = AnalyzerRunner.Compile(new[] { "static class Z { static void N() { A.M(); } }" }, withUsings: true)
                .AddReferences(built.ToMetadataReference());
            AnalyzerRunner.AssertSane(await AnalyzerRunner.RunAsync(consumer));
        }

        [Fact]
        public async Task TopLevelStatements_WithLocalFunctionsAndLambdas()
        {
            var source = """
var l = new Spinlock();
void Local() { SpinLock(l); SpinUnlock(l); }
CallRcu(new RcuHead(), h => Local());
Local();
""";
            var result = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(new[] { source }, OutputKind.ConsoleApplication));
            AnalyzerRunner.AssertSane(result);
            Assert.Contains(result.Diagnostics, d => d.Id == "LCA0001");
        }

        [Fact]
        public async Task GeneratedCode_IsNotAnalysed()
        {
            var source = "// <auto-generated/>\nstatic class A { static Spinlock l = new(); [SoftirqContext] static void R() { SpinLock(l); SpinUnlock(l); } static void P() { SpinLock(l); SpinUnlock(l); } }";
            var result = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(new[] { source }));
            AnalyzerRunner.AssertSane(result);
            Assert.Empty(result.Diagnostics);
        }

        [Fact]
        public async Task WithoutTheModel_NothingIsReported()
        {
            var result = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(new[] { "static class A { static void SpinLock(object o) { } }" }, withUsings: false));
            AnalyzerRunner.AssertSane(result);
            Assert.Empty(result.Diagnostics);
        }
    }
}
