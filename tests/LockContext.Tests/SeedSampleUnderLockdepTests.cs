using System.Linq;
using WitDriver;
using Xunit;
using static LockContext.Kernel;

namespace LockContext.Tests
{
    /// <summary>The seed incident, run: the validator reports what the analyzer reports statically.</summary>
    [Collection("Lockdep")]
    public sealed class SeedSampleUnderLockdepTests
    {
        [Fact]
        public void SeedSample_ReportsLca0001_WithBothStacks()
        {
            var sink = LockdepSink.Collect();
            Lockdep.Reset();
            Lockdep.Enable(sink);
            try
            {
                Witdriver.ModuleInit();
                var flow = new WitFlow { Inode = new WitInode() };
                flow.Rcu.Owner = flow;
                Witdriver.WitUnrefFlow(flow);
                RcuBarrier();
                var r = Wait.For(() => sink.Reports.FirstOrDefault());
                Witdriver.ModuleExit();

                Assert.Equal("LCA0001", r.RuleId);
                Assert.Equal("Witdriver.InodeLock", r.LockClass);
                Assert.StartsWith("Lock 'Witdriver.InodeLock' is taken with softirqs enabled in 'PruneWaitFreeList' at WitDriver.cs:50 (via KflowGcd -> PruneWaitFreeList; kernel thread 'kflow_gcd')", r.Message);
                Assert.Contains("and is also taken in softirq context in 'WitInodeReplace' at WitDriver.cs:67 (via ReleaseWitFlow -> FreeWitFlow -> WitInodeReplace; RCU callback)", r.Message);
                string both = r.CurrentStack + r.OtherStack;
                Assert.Contains("WitDriver.Witdriver.PruneWaitFreeList in ", both);
                Assert.Contains("WitDriver.Witdriver.WitInodeReplace in ", both);
                Assert.Contains("WitDriver.Witdriver.ReleaseWitFlow", both);
                Assert.Single(sink.Reports);
            }
            finally
            {
                Lockdep.Disable();
                Lockdep.Reset();
            }
        }
    }
}
