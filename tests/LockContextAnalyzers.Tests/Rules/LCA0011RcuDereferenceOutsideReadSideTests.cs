using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    public class LCA0011RcuDereferenceOutsideReadSideTests
    {
        private const string Route = """
sealed class Route { public int Mtu; }
""";

        [Fact]
        public Task OutsideAnySection_AndOnOnePathOnly() => Verify.VerifyAsync("""
static class Table
{
    static RcuPointer<Route> current = new();
    static bool quick;
    public static int Bad() { var r = {|LCA0011:RcuDereference(current)|}; return r?.Mtu ?? 0; }
    public static int OnePath()
    {
        if (!quick) RcuReadLock();
        var r = {|LCA0011:RcuDereference(current)|};
        if (!quick) RcuReadUnlock();
        return r?.Mtu ?? 0;
    }
}
""", Route);

        /// <summary>A helper called inside the section by one caller and outside it by another: reported at the helper, through the caller that forgot.</summary>
        [Fact]
        public Task ThroughCallers_OneCallerWithoutTheSection() => Verify.VerifyAsync("""
static class Table
{
    static RcuPointer<Route> current = new();
    public static int Inside() { RcuReadLock(); int m = Mtu(); RcuReadUnlock(); return m; }
    public static int Forgot() => Via();
    static int Via() => Mtu();
    static int Mtu() => {|LCA0011:RcuDereference(current)|}?.Mtu ?? 0;
}
""", Route);

        /// <summary>The bh form needs an RCU-bh section or bh/irqs off (softirq context counts); a plain RCU section is not enough, and softirq context is not enough for the plain form.</summary>
        [Fact]
        public Task BhForm_AndSoftirqContext() => Verify.VerifyAsync("""
static class Table
{
    static RcuPointer<Route> current = new();
    [SoftirqContext] static void Rx() { _ = RcuDereferenceBh(current); _ = {|LCA0011:RcuDereference(current)|}; }
    public static void BhOff() { LocalBhDisable(); _ = RcuDereferenceBh(current); LocalBhEnable(); }
    public static void BhSection() { RcuReadLockBh(); _ = RcuDereferenceBh(current); RcuReadUnlockBh(); }
    public static void PlainSection() { RcuReadLock(); _ = {|LCA0011:RcuDereferenceBh(current)|}; RcuReadUnlock(); }
}
""", Route);

        [Fact]
        public Task NearMisses_SectionHere_Guard_EveryCaller_AccessPointer_UpdateSide() => Verify.VerifyAsync("""
static class Table
{
    static readonly Spinlock update = new();
    static RcuPointer<Route> current = new();
    public static int Section() { RcuReadLock(); var r = RcuDereference(current); int m = r?.Mtu ?? 0; RcuReadUnlock(); return m; }
    public static int WithGuard() { using (Guard.RcuRead()) { return RcuDereference(current)?.Mtu ?? 0; } }
    public static int A() { RcuReadLock(); int m = Helper(); RcuReadUnlock(); return m; }
    public static int B() { using (Guard.RcuRead()) return Helper(); }
    static int Helper() => RcuDereference(current)?.Mtu ?? 0;
    public static bool Published() => RcuAccessPointer(current) != null;
    public static int Updater() { SpinLock(update); int m = RcuDereferenceProtected(current, update)?.Mtu ?? 0; SpinUnlock(update); return m; }
}
""", Route);

        /// <summary>The bh form where bottom halves are off another way: a bh lock held, irqs off, a softirq callback.</summary>
        [Fact]
        public Task NearMisses_BhFormUnderABhLock_IrqsOff_InATimer() => Verify.VerifyAsync("""
static class Table
{
    static readonly Spinlock l = new();
    static RcuPointer<Route> current = new();
    public static int UnderBhLock() { SpinLockBh(l); int m = RcuDereferenceBh(current)?.Mtu ?? 0; SpinUnlockBh(l); return m; }
    public static int IrqsOff() { var f = LocalIrqSave(); int m = RcuDereferenceBh(current)?.Mtu ?? 0; LocalIrqRestore(f); return m; }
    public static void Init() => TimerSetup(new TimerList(), t => { _ = RcuDereferenceBh(current)?.Mtu; });
}
""", Route);
    }
}
