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
    }
}
