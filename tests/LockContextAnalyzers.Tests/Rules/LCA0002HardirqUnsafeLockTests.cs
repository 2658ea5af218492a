using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzers.LockContextAnalyzer>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>LCA0002: a lock class used in hardirq context and taken elsewhere with hardirqs enabled.</summary>
    public class LCA0002HardirqUnsafeLockTests
    {
        [Theory]
        [InlineData("RequestIrq(9, (irq, dev) => { Cb(); return IrqReturn.Handled; }, \"nic\", null)")]
        [InlineData("RequestThreadedIrq(9, (irq, dev) => { Cb(); return IrqReturn.WakeThread; }, (irq, dev) => IrqReturn.Handled, \"nic\", null)")]
        [InlineData("HrtimerSetup(new HrTimer(), t => { Cb(); return HrTimerRestart.NoRestart; }, HrTimerMode.Rel)")]
        [InlineData("HrtimerSetup(new HrTimer(), t => { Cb(); return HrTimerRestart.NoRestart; }, HrTimerMode.Abs)")]
        [InlineData("HrtimerSetup(new HrTimer(), t => { Cb(); return HrTimerRestart.NoRestart; }, HrTimerMode.AbsHard)")]
        [InlineData("HrtimerSetup(new HrTimer(), t => { Cb(); return HrTimerRestart.NoRestart; }, HrTimerMode.RelHard)")]
        public Task EveryHardirqEntry_MakesTheCallbackHardirq(string registration) => Verify.VerifyAsync($$"""
static class Driver
{
    static Spinlock l = new Spinlock();
    public static void Init() { {{registration}}; }
    static void Cb() { SpinLock(l); SpinUnlock(l); }
    public static void Xmit() { {|LCA0002:SpinLockBh(l)|}; SpinUnlockBh(l); }
}
""");

        [Fact]
        public Task HardirqAttribute_AndPlainSpinLockInProcess_ReportsLCA0002Only() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [HardirqContext] static void Isr() { SpinLock(l); SpinUnlock(l); }
    [SoftirqContext] static void Rx() { {|LCA0002:SpinLock(l)|}; SpinUnlock(l); }
    public static void Xmit() { {|LCA0002:SpinLock(l)|}; SpinUnlock(l); }
}
""");

        [Fact]
        public Task TimerCallbackSharingWithIrqHandler_IsWrong() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    public static void Init()
    {
        RequestIrq(3, (i, d) => { SpinLock(l); SpinUnlock(l); return IrqReturn.Handled; }, "x", null);
        TimerSetup(new TimerList(), t => { {|LCA0002:SpinLock(l)|}; SpinUnlock(l); });
    }
}
""");

        [Fact]
        public Task IrqsEnabledWhileHeld_IsReportedAtTheEnable() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    [HardirqContext] static void Isr() { SpinLock(l); SpinUnlock(l); }
    public static void S()
    {
        LocalIrqDisable();
        SpinLock(l);
        {|LCA0002:LocalIrqEnable()|};
        SpinUnlock(l);
    }
}
""");

        [Fact]
        public Task HrtimerModeInAField_AssignedOneValue_IsFollowed() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    static Spinlock s = new Spinlock();
    static readonly HrTimerMode hardMode = HrTimerMode.RelHard;
    static HrTimerMode softMode = HrTimerMode.RelSoft;
    public static void Init()
    {
        HrtimerSetup(new HrTimer(), t => { SpinLock(l); SpinUnlock(l); return HrTimerRestart.NoRestart; }, hardMode);
        var m = HrTimerMode.AbsSoft;
        HrtimerSetup(new HrTimer(), t => { SpinLock(s); SpinUnlock(s); return HrTimerRestart.NoRestart; }, m);
        HrtimerSetup(new HrTimer(), t => { SpinLock(s); SpinUnlock(s); return HrTimerRestart.NoRestart; }, softMode);
    }
    public static void S()
    {
        {|LCA0002:SpinLockBh(l)|}; SpinUnlockBh(l);
        SpinLockBh(s); SpinUnlockBh(s);
    }
}
""");

        [Fact]
        public Task HrtimerModeUnknown_IsAnalysedInBothContexts() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    public static void Init(HrTimerMode mode)
    {
        HrtimerSetup(new HrTimer(), t => { SpinLock(l); SpinUnlock(l); return HrTimerRestart.NoRestart; }, mode);
    }
    public static void S() { {|LCA0002:SpinLock(l)|}; SpinUnlock(l); }
    public static void T() { {|LCA0002:SpinLockBh(l)|}; SpinUnlockBh(l); }
}
""");

        [Fact]
        public async Task HrtimerDefaultOption_Soft_MakesRelModeSoftirq()
        {
            var test = new Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzer>.Test
            {
                TestCode = """
static class Driver
{
    static Spinlock l = new Spinlock();
    public static void Init() { HrtimerSetup(new HrTimer(), t => { SpinLock(l); SpinUnlock(l); return HrTimerRestart.NoRestart; }, HrTimerMode.Rel); }
    public static void S() { {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
    public static void T() { SpinLockBh(l); SpinUnlockBh(l); }
}
""",
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nlock_context.hrtimer_default = soft\n"));
            await test.RunAsync();
        }

        [Fact]
        public async Task HrtimerDefaultOption_FromEditorconfig()
        {
            var test = new Verifiers.CSharpAnalyzerVerifier<LockContextAnalyzer>.Test
            {
                TestCode = """
static class Driver
{
    static Spinlock l = new Spinlock();
    public static void Init() { HrtimerSetup(new HrTimer(), t => { SpinLock(l); SpinUnlock(l); return HrTimerRestart.NoRestart; }, HrTimerMode.Abs); }
    public static void T() { SpinLockBh(l); SpinUnlockBh(l); }
}
""",
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nlock_context.hrtimer_default = soft\n"));
            await test.RunAsync();
        }

        [Fact]
        public Task NearMisses_IrqSaveAndIrqInProcess_PlainInHandler_SoftHrtimer_ThreadFn() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock l = new Spinlock();
    static Spinlock t = new Spinlock();
    static Spinlock h = new Spinlock();
    public static void Init()
    {
        RequestThreadedIrq(4, (i, d) => { SpinLock(l); SpinUnlock(l); return IrqReturn.WakeThread; },
            (i, d) => { SpinLockIrq(t); SpinUnlockIrq(t); return IrqReturn.Handled; }, "x", null);
        HrtimerSetup(new HrTimer(), x => { SpinLock(h); SpinUnlock(h); return HrTimerRestart.NoRestart; }, HrTimerMode.RelSoft);
    }
    public static void A() { var f = SpinLockIrqSave(l); SpinUnlockIrqRestore(l, f); }
    public static void B() { SpinLockIrq(l); SpinUnlockIrq(l); }
    public static void C() { using (Guard.SpinLockIrqSave(l)) { } }
    public static void D() { var f = LocalIrqSave(); SpinLock(l); SpinUnlock(l); LocalIrqRestore(f); }
    public static void E() { SpinLock(t); SpinUnlock(t); }
    public static void F() { SpinLockBh(h); SpinUnlockBh(h); }
}
""");

        /// <summary>
        /// A helper three calls down unlocks another lock with SpinUnlockIrq while its caller holds dev
        /// with irqs saved off: interrupts come back on with dev held (lockdep marks it HARDIRQ-ON
        /// there), and the interrupt handler that takes dev spins on this CPU forever.
        /// </summary>
        [Fact]
        public Task IrqsTurnedOnInACallee_WhileTheCallerHoldsAnIrqUsedLock() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock dev = new(), other = new();
    [HardirqContext] static void Isr() { SpinLock(dev); SpinUnlock(dev); }
    public static void Path() { var f = SpinLockIrqSave(dev); Helper(); SpinUnlockIrqRestore(dev, f); }
    static void Helper() => Mid();
    static void Mid() => Inner();
    static void Inner() { SpinLockIrq(other); {|LCA0002:SpinUnlockIrq(other)|}; }
    public static void Quiesce() { SpinLockIrq(dev); EnableIrqs(); SpinUnlockIrq(dev); }
    static void EnableIrqs() { {|LCA0002:LocalIrqEnable()|}; LocalIrqDisable(); }
}
""");

        [Fact]
        public async Task IrqsTurnedOnInACallee_MessageNamesTheCallersAcquisition()
        {
            var compilation = Verifiers.AnalyzerRunner.Compile(new[] { """
static class Driver
{
    static Spinlock dev = new(), other = new();
    [HardirqContext] static void Isr() { SpinLock(dev); SpinUnlock(dev); }
    public static void Path() { var f = SpinLockIrqSave(dev); Helper(); SpinUnlockIrqRestore(dev, f); }
    static void Helper() { SpinLockIrq(other); SpinUnlockIrq(other); }
}
""" });
            var d = System.Linq.Enumerable.Single((await Verifiers.AnalyzerRunner.RunAsync(compilation)).Diagnostics);
            Assert.Equal("LCA0002", d.Id);
            Assert.Equal(6, d.Location.GetLineSpan().StartLinePosition.Line + 1);
            Assert.StartsWith("Lock 'Driver.dev' is held (taken at File0.cs:5) when SpinUnlockIrq turns hardirqs back on in 'Path' at File0.cs:6 (through Helper; ", d.GetMessage());
            Assert.Contains(d.AdditionalLocations, l => l.GetLineSpan().StartLinePosition.Line + 1 == 5 && l.SourceSpan.Length > 0);
        }

        /// <summary>
        /// Near misses: the callee's irq region nests inside the caller's (irqsave/restore puts back
        /// what it found); the caller's lock is never used in an interrupt; the lock was already taken
        /// with irqs on (reported at its own acquisition, not again at the callee).
        /// </summary>
        [Fact]
        public Task NearMisses_CalleeRestoresWhatItFound_LockNotIrqUsed_AlreadyOnAtItsAcquisition() => Verify.VerifyAsync("""
static class Driver
{
    static Spinlock dev = new(), other = new(), quiet = new(), plain = new();
    [HardirqContext] static void Isr() { SpinLock(dev); SpinUnlock(dev); SpinLock(plain); SpinUnlock(plain); }
    public static void Path() { var f = SpinLockIrqSave(dev); Nested(); SpinUnlockIrqRestore(dev, f); }
    static void Nested() { var g = SpinLockIrqSave(other); SpinUnlockIrqRestore(other, g); }
    public static void Quiet() { var f = SpinLockIrqSave(quiet); Unlocks(); SpinUnlockIrqRestore(quiet, f); }
    static void Unlocks() { SpinLockIrq(other); SpinUnlockIrq(other); }
    public static void Plain() { {|LCA0002:SpinLock(plain)|}; Unlocks(); SpinUnlock(plain); }
}
""");
    }
}
