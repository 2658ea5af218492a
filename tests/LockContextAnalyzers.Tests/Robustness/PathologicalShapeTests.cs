using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LockContextAnalyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace LockContextAnalyzers.Tests.Robustness
{
    /// <summary>
    /// Shapes that break naive analyses. Each test states a hang guard (a cancellation deadline,
    /// far above the measured time, printed to the test output) and checks the answer, not speed.
    /// </summary>
    public class PathologicalShapeTests
    {
        private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
        private readonly ITestOutputHelper output;

        public PathologicalShapeTests(ITestOutputHelper output) { this.output = output; }

        private async Task<AnalyzerRunner.Result> Run(string name, params string[] sources)
        {
            var compilation = AnalyzerRunner.Compile(sources);
            compilation.GetDiagnostics(); // bind first, so the time below is the analyzer's
            using var guard = new CancellationTokenSource(HangGuard);
            var watch = Stopwatch.StartNew();
            var result = await AnalyzerRunner.RunAsync(compilation, guard.Token);
            output.WriteLine($"{name}: {watch.ElapsedMilliseconds} ms, {result.Diagnostics.Length} diagnostics");
            AnalyzerRunner.AssertSane(result);
            return result;
        }

        [Fact]
        public async Task CallChain10000Deep()
        {
            var sb = new StringBuilder("static class Deep { public static Spinlock L = new();\n");
            sb.Append("[SoftirqContext] static void Rx() => M0();\n");
            for (int i = 0; i < 10_000; i++) sb.Append($"static void M{i}() => M{i + 1}();\n");
            sb.Append("static void M10000() { SpinLock(L); SpinUnlock(L); }\n");
            sb.Append("public static void Syscall() { SpinLock(L); SpinUnlock(L); } }");
            var result = await Run("chain 10,000 deep", sb.ToString());
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal("LCA0001", d.Id);
            Assert.Contains("Rx -> M0 -> M1 -> (9996 more) -> M9998 -> M9999 -> M10000", d.GetMessage());
        }

        [Fact]
        public async Task StronglyConnected2000Methods()
        {
            const int n = 2000;
            var sb = new StringBuilder("static class Scc { public static Spinlock L = new(); static int depth;\n");
            for (int i = 0; i < n; i++)
                sb.Append($"static void M{i}() {{ if (depth-- > 0) {{ M{(i + 1) % n}(); M{(i * 7 + 3) % n}(); }} {(i == n / 2 ? "SpinLock(L); SpinUnlock(L);" : "")} }}\n");
            sb.Append("[SoftirqContext] static void Rx() => M0();\npublic static void Syscall() => M5(); }");
            var result = await Run("2,000-method SCC", sb.ToString());
            Assert.Equal("LCA0001", Assert.Single(result.Diagnostics).Id);
        }

        [Fact]
        public async Task OneMethodWith5000LockCalls()
        {
            var sb = new StringBuilder("static class Many { static Spinlock[] unused = new Spinlock[1];\n");
            for (int i = 0; i < 100; i++) sb.Append($"static Spinlock L{i} = new();\n");
            sb.Append("[SoftirqContext] static void Rx() { SpinLock(L0); SpinUnlock(L0); }\npublic static void Big(bool b) {\n");
            for (int i = 0; i < 2500; i++) sb.Append($"if (b) SpinLock(L{i % 100}); SpinUnlock(L{i % 100});\n");
            sb.Append("} }");
            var result = await Run("5,000 lock calls in one method", sb.ToString());
            Assert.Equal(25, result.Diagnostics.Count(d => d.Id == "LCA0001"));
        }

        [Fact]
        public async Task NestedAcquisitions_2000Deep_InOneMethod()
        {
            var sb = new StringBuilder("static class Nest {\n");
            for (int i = 0; i < 2000; i++) sb.Append($"static Spinlock L{i} = new();\n");
            sb.Append("public static void Big() {\n");
            for (int i = 0; i < 2000; i++) sb.Append($"SpinLockBh(L{i});\n");
            for (int i = 1999; i >= 0; i--) sb.Append($"SpinUnlockBh(L{i});\n");
            sb.Append("} }");
            var result = await Run("2,000 nested acquisitions", sb.ToString());
            Assert.Empty(result.Diagnostics);
        }

        [Fact]
        public async Task File20000Lines_ThousandsOfLockClasses()
        {
            const int classes = 3000;
            var sb = new StringBuilder("static class Huge {\n");
            for (int i = 0; i < classes; i++) sb.Append($"static Spinlock L{i} = new();\n");
            for (int i = 0; i < classes; i++)
            {
                sb.Append($"[SoftirqContext] static void Rx{i}() {{\n SpinLock(L{i});\n SpinUnlock(L{i});\n }}\n");
                sb.Append($"public static void Tx{i}() {{\n SpinLock{(i % 2 == 0 ? "" : "Bh")}(L{i});\n SpinUnlock{(i % 2 == 0 ? "" : "Bh")}(L{i});\n }}\n");
            }
            sb.Append('}');
            var text = sb.ToString();
            Assert.True(text.Count(c => c == '\n') >= 20_000);
            var result = await Run("20,000-line file, 3,000 lock classes", text);
            Assert.Equal(classes / 2, result.Diagnostics.Length);
        }

        [Fact]
        public async Task SelfRegisteringCallbacks_AndMutualDelegates()
        {
            var source = """
static class Loop
{
    static Spinlock L = new();
    static Action? a, b;
    public static void Init() { a = () => b!(); b = () => a!(); CallRcu(new RcuHead(), Again); }
    static void Again(RcuHead h) { CallRcu(h, Again); a?.Invoke(); SpinLock(L); SpinUnlock(L); }
    public static void P() { a?.Invoke(); SpinLock(L); SpinUnlock(L); }
}
""";
            var result = await Run("self-registering callbacks", source);
            Assert.Equal("LCA0001", Assert.Single(result.Diagnostics).Id);
        }
    }
}
