using System;
using System.Threading;

namespace LockContextAnalyzers.Plumbing
{
    /// <summary>
    /// Computes a value at most once, on first need, from whichever action asks first. Unlike
    /// <see cref="Lazy{T}"/> it does not cache a cancellation: if the first caller's token is
    /// cancelled (the user typed on), the next caller computes afresh.
    /// </summary>
    internal sealed class ComputeOnce<T> where T : class
    {
        private readonly Func<CancellationToken, T> compute;
        private readonly object gate = new object();
        private T? value;

        public ComputeOnce(Func<CancellationToken, T> compute) { this.compute = compute; }

        public T Get(CancellationToken ct)
        {
            var known = Volatile.Read(ref value);
            if (known != null) return known;
            lock (gate)
            {
                if (value == null) Volatile.Write(ref value, compute(ct));
                return value!;
            }
        }
    }
}
