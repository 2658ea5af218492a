using System.Linq;
using System.Threading.Tasks;
using LockContextAnalyzers.Rules;
using LockContextAnalyzers.Tests.Verifiers;
using Xunit;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>
    /// What users read, pinned whole for one case of every rule: the message (both sides, the lock,
    /// the contexts and how they were reached) and the additional locations (as lines), in order;
    /// and what tools read: the finding's properties (Rules/FindingProperties), the same facts as data.
    /// </summary>
    public class MessagesTests
    {
        private static readonly string[] Facts =
        {
            FindingProperties.LockClass, FindingProperties.OtherLockClass, FindingProperties.Pointer,
            FindingProperties.Member, FindingProperties.Method, FindingProperties.Reenable,
        };

        private static async Task<string> Read(string source, bool properties = false)
        {
            var result = await AnalyzerRunner.RunAsync(AnalyzerRunner.Compile(new[] { source }));
            AnalyzerRunner.AssertSane(result);
            return string.Join("\n", result.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d =>
                $"{d.Id} {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.GetMessage()} [{string.Join(", ", d.AdditionalLocations.Select(l => l.GetLineSpan().StartLinePosition.Line + 1))}]"
                + (properties ? "\n  " + string.Join(", ", Facts.Where(d.Properties.ContainsKey).Select(k => $"{k}={d.Properties[k]}")) : "")));
        }

        [Theory]
        [InlineData("LCA0001", """
static class Driver
{
    static Spinlock stats = new();
    public static void Init() { CallRcu(new RcuHead(), Free); }
    static void Free(RcuHead h) { SpinLock(stats); SpinUnlock(stats); }
    public static void Gc() { SpinLock(stats); SpinUnlock(stats); }
}
""")]
        [InlineData("LCA0001 (a re-enable)", """
static class Driver
{
    static Spinlock stats = new();
    public static void Init() { CallRcu(new RcuHead(), Free); }
    static void Free(RcuHead h) { SpinLock(stats); SpinUnlock(stats); }
    public static void Gc() { LocalBhDisable(); SpinLock(stats); LocalBhEnable(); SpinUnlock(stats); }
}
""")]
        [InlineData("LCA0002", """
static class Driver
{
    static Spinlock dev = new();
    public static void Init() { RequestIrq(7, Isr, "dev", null); }
    static IrqReturn Isr(int irq, object? d) { SpinLock(dev); SpinUnlock(dev); return IrqReturn.Handled; }
    public static void Reset() { SpinLockBh(dev); SpinUnlockBh(dev); }
}
""")]
        [InlineData("LCA0003", """
static class Driver
{
    static Spinlock dev = new();
    [HardirqContext] static void Isr() { SpinLockBh(dev); SpinUnlockBh(dev); }
}
""")]
        [InlineData("LCA0004", """
static class Driver
{
    static Spinlock a = new(), b = new();
    public static void One() { SpinLock(a); SpinLock(b); SpinUnlock(b); SpinUnlock(a); }
    public static void Two() { SpinLock(b); Take(); SpinUnlock(b); }
    static void Take() { SpinLock(a); SpinUnlock(a); }
}
""")]
        [InlineData("LCA0005", """
static class Driver
{
    static Spinlock outer = new(), inner = new();
    public static void Init() { TaskletSetup(new Tasklet(), _ => { SpinLock(outer); SpinUnlock(outer); }); }
    public static void Nest() { SpinLockBh(outer); SpinLock(inner); SpinUnlock(inner); SpinUnlockBh(outer); }
    public static void Plain() { SpinLock(inner); SpinUnlock(inner); }
}
""")]
        [InlineData("LCA0006", """
sealed class Conn
{
    readonly Spinlock lk = new();
    public static void Both(Conn x, Conn y) { SpinLock(x.lk); SpinLock(y.lk); SpinUnlock(y.lk); SpinUnlock(x.lk); }
}
""")]
        [InlineData("LCA0007", """
static class Driver
{
    static Spinlock dev = new();
    public static void Reset() { SpinLock(dev); Wait(); SpinUnlock(dev); }
    static void Wait() => Msleep(10);
}
""")]
        [InlineData("LCA0008", """
static class Driver
{
    static Spinlock dev = new();
    public static void Reset() { SpinLockBh(dev); SpinUnlock(dev); }
}
""")]
        [InlineData("LCA0009", """
static class Driver
{
    public static void Init() { TimerSetup(new TimerList(), Tick); }
    [ProcessContext] static void Tick(TimerList t) { }
}
""")]
        [InlineData("LCA0010", """
sealed class Stats
{
    readonly Spinlock lk = new();
    [GuardedBy("lk")] int count;
    public void Bump() { count++; }
}
""")]
        [InlineData("LCA0011", """
sealed class Route { public int Mtu; }
static class Table
{
    static RcuPointer<Route> current = new();
    public static int Mtu() => Read();
    static int Read() => RcuDereference(current)?.Mtu ?? 0;
}
""")]
        public async Task EveryRule_MessageAndAdditionalLocations(string id, string source)
        {
            string text = await Read(source, properties: true);
            Assert.Equal(Expected[id], text);
        }

        /// <summary>
        /// Every way an entry's context is found, worded as messages say it (Rules/EntryWords): each
        /// entry takes its own lock twice, so its LCA0006 names how it was reached.
        /// </summary>
        [Fact]
        public async Task EveryEntryCause_IsWordedInTheMessage()
        {
            string text = await Read("""
static class Driver
{
    static Spinlock a = new(), b = new(), c = new(), d = new(), e = new(), f = new(), g = new(), h = new(), i = new(), j = new(), k = new(), m = new();
    public static void Init(HrTimerMode mode)
    {
        CallRcu(new RcuHead(), _ => { SpinLock(a); SpinLock(a); SpinUnlock(a); SpinUnlock(a); });
        TimerSetup(new TimerList(), _ => { SpinLock(b); SpinLock(b); SpinUnlock(b); SpinUnlock(b); });
        TaskletSetup(new Tasklet(), _ => { SpinLock(c); SpinLock(c); SpinUnlock(c); SpinUnlock(c); });
        NetifNapiAdd(new NapiStruct(), (n, budget) => { SpinLock(d); SpinLock(d); SpinUnlock(d); SpinUnlock(d); return 0; });
        HrtimerSetup(new HrTimer(), t => { SpinLock(e); SpinLock(e); SpinUnlock(e); SpinUnlock(e); return HrTimerRestart.NoRestart; }, mode);
        RequestIrq(7, (irq, dev) => { SpinLock(f); SpinLock(f); SpinUnlock(f); SpinUnlock(f); return IrqReturn.Handled; }, "dev", null);
        RequestThreadedIrq(8, null, (irq, dev) => { SpinLock(g); SpinLock(g); SpinUnlock(g); SpinUnlock(g); return IrqReturn.Handled; }, "dev", null);
        InitWork(new WorkStruct(), _ => { SpinLock(h); SpinLock(h); SpinUnlock(h); SpinUnlock(h); });
        KthreadRun(_ => { SpinLock(i); SpinLock(i); SpinUnlock(i); SpinUnlock(i); return 0; }, null, "kd");
    }
    [RcuCallback] static void Rcu(RcuHead r) { SpinLock(j); SpinLock(j); SpinUnlock(j); SpinUnlock(j); }
    [SoftirqContext] static void Soft() { SpinLock(k); SpinLock(k); SpinUnlock(k); SpinUnlock(k); }
    static void Uncalled() { SpinLock(m); SpinLock(m); SpinUnlock(m); SpinUnlock(m); }
}
""");
            Assert.Equal("""
LCA0006 6: Lock 'Driver.a' is taken in 'lambda in Init' at File0.cs:6 (RCU callback registered by CallRcu at File0.cs:6) while this path already holds it (taken at File0.cs:6): the lock does not nest, so this CPU waits for itself forever [6]
LCA0006 7: Lock 'Driver.b' is taken in 'lambda in Init' at File0.cs:7 (timer callback registered by TimerSetup at File0.cs:7) while this path already holds it (taken at File0.cs:7): the lock does not nest, so this CPU waits for itself forever [7]
LCA0006 8: Lock 'Driver.c' is taken in 'lambda in Init' at File0.cs:8 (tasklet registered by TaskletSetup at File0.cs:8) while this path already holds it (taken at File0.cs:8): the lock does not nest, so this CPU waits for itself forever [8]
LCA0006 9: Lock 'Driver.d' is taken in 'lambda in Init' at File0.cs:9 (NAPI poll registered by NetifNapiAdd at File0.cs:9) while this path already holds it (taken at File0.cs:9): the lock does not nest, so this CPU waits for itself forever [9]
LCA0006 10: Lock 'Driver.e' is taken in 'lambda in Init' at File0.cs:10 (hard hrtimer callback registered by HrtimerSetup at File0.cs:10 (mode not known: assumed either)) while this path already holds it (taken at File0.cs:10): the lock does not nest, so this CPU waits for itself forever [10]
LCA0006 11: Lock 'Driver.f' is taken in 'lambda in Init' at File0.cs:11 (interrupt handler registered by RequestIrq at File0.cs:11) while this path already holds it (taken at File0.cs:11): the lock does not nest, so this CPU waits for itself forever [11]
LCA0006 12: Lock 'Driver.g' is taken in 'lambda in Init' at File0.cs:12 (threaded interrupt handler registered by RequestThreadedIrq at File0.cs:12) while this path already holds it (taken at File0.cs:12): the lock does not nest, so this CPU waits for itself forever [12]
LCA0006 13: Lock 'Driver.h' is taken in 'lambda in Init' at File0.cs:13 (work item registered by InitWork at File0.cs:13) while this path already holds it (taken at File0.cs:13): the lock does not nest, so this CPU waits for itself forever [13]
LCA0006 14: Lock 'Driver.i' is taken in 'lambda in Init' at File0.cs:14 (kernel thread registered by KthreadRun at File0.cs:14) while this path already holds it (taken at File0.cs:14): the lock does not nest, so this CPU waits for itself forever [14]
LCA0006 16: Lock 'Driver.j' is taken in 'Rcu' at File0.cs:16 (RCU callback by its [RcuCallback] attribute) while this path already holds it (taken at File0.cs:16): the lock does not nest, so this CPU waits for itself forever [16]
LCA0006 17: Lock 'Driver.k' is taken in 'Soft' at File0.cs:17 (softirq context by its [SoftirqContext] attribute) while this path already holds it (taken at File0.cs:17): the lock does not nest, so this CPU waits for itself forever [17]
LCA0006 18: Lock 'Driver.m' is taken in 'Uncalled' at File0.cs:18 (process context: nothing in the compilation calls it) while this path already holds it (taken at File0.cs:18): the lock does not nest, so this CPU waits for itself forever [18]
""", text);
        }

        private static readonly System.Collections.Generic.Dictionary<string, string> Expected = new()
        {
            ["LCA0001"] = """
LCA0001 6: Lock 'Driver.stats' is taken with softirqs enabled in 'Gc' at File0.cs:6 (process context: nothing in the compilation calls it), and is also taken in softirq context in 'Free' at File0.cs:5 (RCU callback registered by CallRcu at File0.cs:4): a softirq that interrupts the holder on this CPU spins on it forever [5, 4, 6]
  LockClass=Driver.stats, Method=Gc
""",
            ["LCA0001 (a re-enable)"] = """
LCA0001 6: Lock 'Driver.stats' is held when LocalBhEnable turns softirqs back on in 'Gc' at File0.cs:6 (process context: nothing in the compilation calls it), and is also taken in softirq context in 'Free' at File0.cs:5 (RCU callback registered by CallRcu at File0.cs:4): a softirq that interrupts the holder on this CPU spins on it forever [5, 4, 6]
  LockClass=Driver.stats, Method=Gc, Reenable=true
""",
            ["LCA0002"] = """
LCA0002 6: Lock 'Driver.dev' is taken with hardirqs enabled in 'Reset' at File0.cs:6 (process context: nothing in the compilation calls it), and is also taken in hardirq context in 'Isr' at File0.cs:5 (interrupt handler registered by RequestIrq at File0.cs:4): an interrupt that arrives on this CPU while it is held spins on it forever [5, 4, 6]
  LockClass=Driver.dev, Method=Reset
""",
            ["LCA0003"] = """
LCA0003 4: SpinLockBh of lock 'Driver.dev' runs in hardirq context in 'Isr' at File0.cs:4 (hardirq context by its [HardirqContext] attribute): its release re-enables bottom halves there, which the kernel forbids (WARN in __local_bh_enable_ip) [4]
  LockClass=Driver.dev, Method=Isr
""",
            ["LCA0004"] = """
LCA0004 4: Lock 'Driver.b' is taken while 'Driver.a' is held in 'One' at File0.cs:4 (process context: nothing in the compilation calls it), but the opposite order exists too: 'Driver.a' is taken while 'Driver.b' is held in 'Two' at File0.cs:6 (through Take; process context: nothing in the compilation calls it); two CPUs taking them in opposite orders wait for each other forever [4, 5, 6]
  LockClass=Driver.b, OtherLockClass=Driver.a, Method=One
LCA0004 6: Lock 'Driver.a' is taken while 'Driver.b' is held in 'Two' at File0.cs:6 (through Take; process context: nothing in the compilation calls it), but the opposite order exists too: 'Driver.b' is taken while 'Driver.a' is held in 'One' at File0.cs:4 (process context: nothing in the compilation calls it); two CPUs taking them in opposite orders wait for each other forever [5, 4, 4]
  LockClass=Driver.a, OtherLockClass=Driver.b, Method=Two
""",
            ["LCA0005"] = """
LCA0005 5: Lock 'Driver.inner' is taken while 'Driver.outer' is held in 'Nest' at File0.cs:5 (process context: nothing in the compilation calls it); 'Driver.outer' is used in softirq context ('lambda in Init' at File0.cs:4 (tasklet registered by TaskletSetup at File0.cs:4)), but 'Driver.inner' is taken with softirqs enabled ('Plain' at File0.cs:6 (process context: nothing in the compilation calls it)): a softirq on a CPU that holds 'Driver.inner' can spin on 'Driver.outer' while its holder waits for 'Driver.inner' [5, 4, 6]
  LockClass=Driver.inner, OtherLockClass=Driver.outer, Method=Nest
""",
            ["LCA0006"] = """
LCA0006 4: Lock 'Conn.lk' is taken in 'Both' at File0.cs:4 (process context: nothing in the compilation calls it) while this path already holds it (taken at File0.cs:4): the lock does not nest, so this CPU waits for itself forever [4]
  LockClass=Conn.lk, Method=Both
""",
            ["LCA0007"] = """
LCA0007 4: 'Wait' may sleep (Wait -> Msleep) but is called with spinlock 'Driver.dev' held in 'Reset' at File0.cs:4 (process context: nothing in the compilation calls it): sleeping there is a kernel bug (BUG: sleeping function called from invalid context) [4, 4]
  LockClass=Driver.dev, Method=Reset
""",
            ["LCA0008"] = """
LCA0008 4: 'SpinUnlock(dev)' in 'Reset' at File0.cs:4: it releases a lock taken by 'SpinLockBh(dev)' at File0.cs:4, whose release is SpinUnlockBh; as written, bottom halves stay disabled after it [4]
  Method=Reset
""",
            ["LCA0009"] = """
LCA0009 4: 'Tick' says it runs in process context by its [ProcessContext] attribute, but it is the timer callback registered by TimerSetup at File0.cs:3 [3]
  Method=Tick
""",
            ["LCA0010"] = """
LCA0010 5: 'Stats.count' is written without lock 'Stats.lk' held exclusively in 'Bump' at File0.cs:5 (nothing in the compilation calls it with the lock held): its [GuardedBy] at File0.cs:4 names that lock, and another CPU can change the data in the middle of this access [4]
  LockClass=Stats.lk, Member=Stats.count, Method=Bump
""",
            ["LCA0011"] = """
LCA0011 6: RCU pointer 'Table.current' is dereferenced by RcuDereference outside an RCU read-side section (RcuReadLock, Guard.RcuRead) in 'Read' at File0.cs:6 (via Mtu -> Read; process context: nothing in the compilation calls it): the object it points to can be freed while it is used, since nothing holds the grace period back [5]
  Pointer=Table.current, Method=Read
""",
        };
    }
}
