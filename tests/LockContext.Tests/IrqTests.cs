using Xunit;
using static LockContext.Kernel;

namespace LockContext.Tests
{
    /// <summary>Interrupt handlers run in hardirq context with interrupts off when a test raises the line.</summary>
    public class IrqTests
    {
        [Fact]
        public void RaisedLine_RunsHandlerInHardirq_WithIrqsDisabled()
        {
            Seen? seen = null;
            object dev = new object();
            object? gotDev = null;
            RequestIrq(101, (irq, d) => { seen = Observe.Now(); gotDev = d; return IrqReturn.Handled; }, "nic", dev);
            Assert.Equal(IrqReturn.Handled, RaiseIrq(101));
            Assert.Equal(KernelContext.Hardirq, seen!.Context);
            Assert.True(seen.IrqsDisabled && seen.InHardirq && seen.InAtomic);
            Assert.Same(dev, gotDev);
            FreeIrq(101, dev);
            Assert.Equal(IrqReturn.None, RaiseIrq(101));
        }

        [Fact]
        public void ThreadedIrq_HandlerInHardirq_ThreadFnInProcess()
        {
            Seen? hard = null, thread = null;
            RequestThreadedIrq(102, (i, d) => { hard = Observe.Now(); return IrqReturn.WakeThread; },
                (i, d) => { thread = Observe.Now(); return IrqReturn.Handled; }, "threaded", null);
            Assert.Equal(IrqReturn.Handled, RaiseIrq(102));
            Assert.Equal(KernelContext.Hardirq, hard!.Context);
            Assert.Equal(KernelContext.Process, thread!.Context);
            Assert.False(thread.IrqsDisabled);
        }

        [Fact]
        public void FreeIrq_StopsTheLinesIrqThread()
        {
            System.Threading.Thread? irqThread = null;
            object dev = new object();
            RequestThreadedIrq(110, null, (i, d) => { irqThread = System.Threading.Thread.CurrentThread; return IrqReturn.Handled; }, "freed", dev);
            Assert.Equal(IrqReturn.Handled, RaiseIrq(110));
            Assert.Equal("irq/freed", irqThread!.Name);
            FreeIrq(110, dev);
            Assert.True(irqThread.Join(System.TimeSpan.FromSeconds(10)), "the irq thread still runs after FreeIrq");
            Assert.Equal(IrqReturn.None, RaiseIrq(110));
        }

        [Fact]
        public void ThreadedIrq_WithoutPrimaryHandler_WakesTheThread()
        {
            Seen? thread = null;
            RequestThreadedIrq(103, null, (i, d) => { thread = Observe.Now(); return IrqReturn.Handled; }, "only-thread", null);
            RaiseIrq(103);
            Assert.Equal(KernelContext.Process, thread!.Context);
        }

        [Fact]
        public void BugInHandler_SurfacesAtRaiseIrq()
        {
            RequestIrq(104, (i, d) => { LocalBhEnable(); return IrqReturn.Handled; }, "buggy", null);
            var e = Assert.Throws<KernelBugException>(() => RaiseIrq(104));
            Assert.Contains("local_bh_enable", e.Message);
            TakeOopses();
        }
    }
}
