using System;
using System.Threading;
using System.Threading.Tasks;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// Work handed to another thread while the caller does its own, and taken back by the caller
    /// if no thread has begun it by the time the caller needs its result. Waiting on work that is
    /// still queued would stall the analysis for as long as the host's thread pool is busy (an IDE
    /// runs many analyzers, a build many projects, each on pool threads); taken back, it costs no
    /// more than running it in line.
    /// </summary>
    internal sealed class Beside<T> where T : class
    {
        private readonly Func<T> work;
        private readonly Task started;
        private int claimed;
        private T? result;

        public Beside(Func<T> work, CancellationToken ct)
        {
            this.work = work;
            started = Task.Run(() =>
            {
                if (Interlocked.Exchange(ref claimed, 1) == 0) result = work();
            }, ct);
        }

        /// <summary>The work's result, asked once: computed here if no thread took it, else waited for (its own exception, not an AggregateException).</summary>
        public T Result()
        {
            if (Interlocked.Exchange(ref claimed, 1) == 0) return work();
            started.GetAwaiter().GetResult();
            return result!;
        }
    }
}
