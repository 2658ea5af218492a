using System.Text;

namespace LockContextAnalyzers.Benchmarks;

/// <summary>
/// Writes a kernel-style project of about N methods with the model API, deterministic from a seed:
/// modules with lock fields, kernel threads, RCU/timer/tasklet/NAPI/IRQ/hrtimer registrations,
/// call chains, lambdas, delegates in fields, interfaces with several implementations. Every tenth
/// module plants one LCA0001 and every fifteenth one LCA0002 (each marked "// PLANTED LCAxxxx");
/// the rest of the code is correct, so the analyzer must report exactly the planted lines.
/// </summary>
public static class CorpusGenerator
{
    public const int MethodsPerModule = 40;

    public sealed record Corpus(IReadOnlyList<(string Path, string Text)> Files, int Methods, int PlantedLca0001, int PlantedLca0002);

    public static Corpus Generate(int methods, int seed = 42)
    {
        var random = new Random(seed);
        int modules = Math.Max(1, methods / MethodsPerModule);
        var files = new List<(string, string)>();
        int planted1 = 0, planted2 = 0, written = 0;
        files.Add(("Common.cs", "namespace Corpus;\npublic interface IOps { void Touch(); }\n"));
        for (int m = 0; m < modules; m++)
        {
            bool plant1 = m % 10 == 3, plant2 = m % 15 == 7;
            planted1 += plant1 ? 1 : 0;
            planted2 += plant2 ? 1 : 0;
            var (text, count) = Module(m, random, plant1, plant2);
            written += count;
            files.Add(($"Module{m}.cs", text));
        }
        return new Corpus(files, written, planted1, planted2);
    }

    private static (string Text, int Methods) Module(int m, Random random, bool plant1, bool plant2)
    {
        var sb = new StringBuilder();
        int methods = 0;
        void Method(string text) { sb.Append(text).Append('\n'); methods++; }

        sb.Append($@"using System;
using LockContext;
using static LockContext.Kernel;
namespace Corpus;

public sealed class Impl{m}A : IOps {{ public void Touch() {{ SpinLockBh(Module{m}.Stats); SpinUnlockBh(Module{m}.Stats); }} }}
public sealed class Impl{m}B : IOps {{ public void Touch() {{ }} }}

public static class Module{m}
{{
    public static readonly Spinlock Stats = new Spinlock();   // used in softirq (NAPI, RCU, timer)
    public static readonly Spinlock Ring = new Spinlock();    // used in hardirq (IRQ, hard hrtimer)
    public static readonly Spinlock Cfg = new Spinlock();     // process only
    public static readonly KernelMutex Mutex = new KernelMutex();
    private static readonly RcuHead Head = new RcuHead();
    private static readonly IOps Ops = new Impl{m}{(random.Next(2) == 0 ? "A" : "B")}();
    private static readonly Action<TimerList> OnTimer = t => Chain0();
    private static int counter;
");
        methods += 3;
        Method($@"    public static void Init()
    {{
        KthreadRun(Thread, null, ""kmod{m}"");
        CallRcu(Head, Release);
        TimerSetup(new TimerList(), OnTimer);
        TaskletSetup(new Tasklet(), t => {{ SpinLock(Stats); counter++; SpinUnlock(Stats); }});
        NetifNapiAdd(new NapiStruct(), Poll);
        RequestIrq({m % 200}, Isr, ""dev{m}"", null);
        HrtimerSetup(new HrTimer(), Tick, HrTimerMode.Rel);
        InitWork(new WorkStruct(), w => Configure());
    }}");
        Method($@"    private static int Thread(object? data)
    {{
        while (!KthreadShouldStop()) {{ Housekeeping(); Msleep(10); }}
        return 0;
    }}");
        Method($"    private static void Release(RcuHead h) => Chain0();");
        Method($"    private static int Poll(NapiStruct n, int budget) {{ SpinLock(Stats); counter++; SpinUnlock(Stats); Ops.Touch(); return 0; }}");
        Method($"    private static IrqReturn Isr(int irq, object? dev) {{ SpinLock(Ring); counter++; SpinUnlock(Ring); return IrqReturn.Handled; }}");
        Method($"    private static HrTimerRestart Tick(HrTimer t) {{ SpinLock(Ring); SpinUnlock(Ring); return HrTimerRestart.NoRestart; }}");
        Method($"    private static void Configure() {{ MutexLock(Mutex); SpinLock(Cfg); counter = 0; SpinUnlock(Cfg); MutexUnlock(Mutex); }}");
        Method($@"    private static void Housekeeping()
    {{
        SpinLock{(plant1 ? "" : "Bh")}(Stats);{(plant1 ? "   // PLANTED LCA0001" : "")}
        counter++;
        SpinUnlock{(plant1 ? "" : "Bh")}(Stats);
        {(plant2 ? "SpinLockBh(Ring);   // PLANTED LCA0002" : "var f = SpinLockIrqSave(Ring);")}
        counter--;
        {(plant2 ? "SpinUnlockBh(Ring);" : "SpinUnlockIrqRestore(Ring, f);")}
        Worker(Cfg);
    }}");
        Method("    private static void Worker(Spinlock l) { SpinLock(l); SpinUnlock(l); }");

        // A call chain of varying depth through the remaining methods, with a lambda and a delegate.
        int chain = MethodsPerModule - methods - 1;
        for (int i = 0; i < chain; i++)
        {
            string next = i + 1 < chain ? $"Chain{i + 1}();" : "";
            string body = (random.Next(6)) switch
            {
                0 => $"SpinLock(Stats); counter += {i}; SpinUnlock(Stats); {next}",
                1 => $"Func<int, int> f = x => x + counter; counter = f({i}); {next}",
                2 => $"Action a = () => {{ {next} }}; a();",
                3 => $"Ops.Touch(); {next}",
                4 => $"if (counter > {i}) {{ {next} }} else {{ counter++; }}",
                _ => $"counter ^= {i}; {next}",
            };
            Method($"    private static void Chain{i}() {{ {body} }}");
        }
        sb.Append("}\n");
        return (sb.ToString(), methods);
    }
}
