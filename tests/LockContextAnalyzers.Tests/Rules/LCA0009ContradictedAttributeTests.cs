using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    public class LCA0009ContradictedAttributeTests
    {
        [Fact]
        public Task ProcessContextReachedFromSoftirq_HardirqCalledFromProcess_RegisteredAgainstItsAttribute() => Verify.VerifyAsync("""
static class Driver
{
    [{|LCA0009:ProcessContext|}] static void Configure() { }
    [SoftirqContext] static void Rx() => Configure();
    [{|LCA0009:HardirqContext|}] static void Isr() { }
    public static void Poke() => Isr();
    [{|LCA0009:ProcessContext|}] static void Release(RcuHead h) { }
    public static void Free(RcuHead h) => CallRcu(h, Release);
}
""");

        [Fact]
        public Task NearMisses_ConsistentAttributes() => Verify.VerifyAsync("""
static class Driver
{
    [ProcessContext] static void Configure() { }
    public static void Syscall() => Configure();
    [HardirqContext] static void Isr() { }
    public static void Masked() { var f = LocalIrqSave(); Isr(); LocalIrqRestore(f); }
    [SoftirqContext] static void Rx() { }
    public static void Bh() { LocalBhDisable(); Rx(); LocalBhEnable(); }
    [RcuCallback] static void Free(RcuHead h) { }
    public static void Queue(RcuHead h) => CallRcu(h, Free);
}
""");

        /// <summary>Attributes that agree with how their code is registered: every softirq vector is softirq, a thread function is process.</summary>
        [Fact]
        public Task NearMisses_AttributesMatchTheirRegistrations() => Verify.VerifyAsync("""
static class Driver
{
    [SoftirqContext] static void Tick(TimerList t) { }
    [SoftirqContext(SoftirqVector.NetRx)] static int Poll(NapiStruct n, int budget) => 0;
    [HardirqContext] static IrqReturn Isr(int irq, object? d) => IrqReturn.Handled;
    [ProcessContext] static IrqReturn Thread(int irq, object? d) => IrqReturn.Handled;
    [ProcessContext] static void Work(WorkStruct w) { }
    [SoftirqContext] static void Done(RcuHead h) { }
    public static void Init()
    {
        TimerSetup(new TimerList(), Tick);
        NetifNapiAdd(new NapiStruct(), Poll);
        RequestThreadedIrq(3, Isr, Thread, "dev", null);
        InitWork(new WorkStruct(), Work);
        CallRcu(new RcuHead(), Done);
    }
}
""");
    }
}
