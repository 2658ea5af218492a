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
    /// <remarks>
    /// Whoever takes the work drops it, and the caller takes the result: a task still queued after
    /// the caller took the work back holds nothing, where the work's closure would hold the whole
    /// analysis, and through it the compilation, until a pool thread got to it
    /// (<c>GeneratorThenAnalyzerTests</c> checks a build's generator compilation is let go).
    /// </remarks>
    internal sealed class Beside<T> where T : class
    {
        private readonly Task started;
        private Func<T>? work;
        private int claimed;
        private T? result;

        public Beside(Func<T> work, CancellationToken ct)
        {
            this.work = work;
            started = Task.Run(() =>
            {
                if (Take() is Func<T> mine) result = mine();
            }, ct);
        }

        /// <summary>The work's result, asked once: computed here if no thread took it, else waited for (its own exception, not an AggregateException).</summary>
        public T Result()
        {
            if (Take() is Func<T> mine) return mine();
            started.GetAwaiter().GetResult();
            var done = result!;
            result = null;
            return done;
        }

        // The work for the first to ask, once; null for the other.
        private Func<T>? Take()
        {
            if (Interlocked.Exchange(ref claimed, 1) != 0) return null;
            var mine = work;
            work = null;
            return mine;
        }
    }
}
