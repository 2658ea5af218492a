using System;
using System.Threading;

namespace LockContext.Tests
{
    internal static class Wait
    {
        /// <summary>Waits for a callback on another "CPU"; generous, since CI machines are slow.</summary>
        public static T For<T>(Func<T?> probe, int milliseconds = 10_000) where T : class
        {
            var until = DateTime.UtcNow.AddMilliseconds(milliseconds);
            while (DateTime.UtcNow < until)
            {
                var value = probe();
                if (value != null) return value;
                Thread.Sleep(5);
            }
            throw new TimeoutException("the callback never ran");
        }
    }

    /// <summary>What a callback saw of its context.</summary>
    internal sealed record Seen(KernelContext Context, SoftirqVector? Vector, bool InSoftirq, bool InHardirq, bool IrqsDisabled, bool InAtomic, int Thread);

    internal static class Observe
    {
        public static Seen Now() => new Seen(Kernel.CurrentContext(), Kernel.CurrentSoftirqVector(), Kernel.InSoftirq(),
            Kernel.InHardirq(), Kernel.IrqsDisabled(), Kernel.InAtomic(), Environment.CurrentManagedThreadId);
    }
}
