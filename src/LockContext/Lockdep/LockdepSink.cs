using System;
using System.Collections.Generic;
using System.IO;

namespace LockContext
{
    /// <summary>Where the run-time validator sends its reports. Implement it to route them elsewhere.</summary>
    public abstract class LockdepSink
    {
        /// <summary>Called once per distinct finding, on the thread that made it, with no validator lock held.</summary>
        public abstract void Report(LockdepReport report);

        /// <summary>Throws <see cref="LockdepException"/> at the offending call (for tests). On a softirq or
        /// hardirq "CPU" the exception becomes an oops (<see cref="Kernel.TakeOopses"/>) and is rethrown by
        /// the hook that waits for the callback, such as <see cref="Kernel.RaiseIrq"/>.</summary>
        public static LockdepSink Throw() => new ThrowingSink();

        /// <summary>Writes each report to <paramref name="writer"/> (the kernel log), and goes on.</summary>
        public static LockdepSink Log(TextWriter writer) => new LoggingSink(writer ?? throw new ArgumentNullException(nameof(writer)));

        /// <summary>Keeps every report in <see cref="CollectingSink.Reports"/>, and goes on.</summary>
        public static CollectingSink Collect() => new CollectingSink();

        private sealed class ThrowingSink : LockdepSink
        {
            public override void Report(LockdepReport report) => throw new LockdepException(report);
        }

        private sealed class LoggingSink : LockdepSink
        {
            private readonly TextWriter writer;
            public LoggingSink(TextWriter writer) { this.writer = writer; }

            public override void Report(LockdepReport report)
            {
                lock (writer) writer.WriteLine(report.ToString());
            }
        }
    }

    /// <summary>A sink that keeps reports for a test to look at.</summary>
    public sealed class CollectingSink : LockdepSink
    {
        private readonly List<LockdepReport> reports = new List<LockdepReport>();

        /// <summary>A snapshot of the reports so far, in the order they were made.</summary>
        public IReadOnlyList<LockdepReport> Reports { get { lock (reports) return reports.ToArray(); } }

        public override void Report(LockdepReport report)
        {
            lock (reports) reports.Add(report);
        }
    }
}
