using System;

namespace LockContext
{
    /// <summary>
    /// Thrown where the kernel would print a BUG or WARN splat (sleeping in atomic context,
    /// unlocking a lock that is not held, enabling bottom halves from hardirq context,
    /// re-taking a spinlock on the same CPU). User-space tests then fail at the very spot.
    /// </summary>
    public sealed class KernelBugException : Exception
    {
        public KernelBugException(string message) : base(message) { }

        /// <summary>
        /// The model's BUGs: inside a callback or kernel thread the CPU is dead from here on, so the
        /// run-time validator does not judge what the unwinding does (a guard's release while the
        /// lock that failed is still held is no path the kernel would take).
        /// </summary>
        internal static KernelBugException Raise(string message)
        {
            CpuState.Current.Oopsed();
            return new KernelBugException(message);
        }
    }
}
