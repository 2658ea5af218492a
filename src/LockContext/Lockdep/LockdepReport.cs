using System;
using System.Text;

namespace LockContext
{
    /// <summary>
    /// One finding of the run-time validator: the analyzer's rule ID and message words, lockdep's
    /// "possible unsafe locking scenario", and the two stack traces (the earlier acquisition that
    /// set the conflicting state, and the current one).
    /// </summary>
    public sealed class LockdepReport
    {
        internal LockdepReport(string ruleId, string? lockClass, string message, string scenario,
            string currentStack, string? otherTitle, string? otherStack)
        {
            RuleId = ruleId;
            LockClass = lockClass;
            Message = message;
            Scenario = scenario;
            CurrentStack = currentStack;
            OtherTitle = otherTitle;
            OtherStack = otherStack;
        }

        /// <summary>The analyzer's diagnostic ID for the same judgement (LCA0001 ... LCA0008).</summary>
        public string RuleId { get; }

        /// <summary>The lock class the message is about, named as the analyzer names it; null where no lock is involved.</summary>
        public string? LockClass { get; }

        /// <summary>
        /// The second lock class of a finding about two: the class held (LCA0004), the irq-safe
        /// class at the head of the chain (LCA0005); null otherwise.
        /// </summary>
        public string? OtherLockClass { get; internal set; }

        /// <summary>The RCU pointer the finding is about (LCA0010 on an update-side access, LCA0011); null otherwise.</summary>
        public string? Pointer { get; internal set; }

        /// <summary>
        /// Where the user's code broke the rule, the place the analyzer puts its warning on: the
        /// acquisition (or re-enable) with the interrupt enabled (LCA0001, LCA0002), the acquisition
        /// taken second (LCA0004 to LCA0006), the call (the others). Null without symbols.
        /// </summary>
        public LockdepPlace? Site { get; internal set; }

        /// <summary>
        /// The other side: the use in interrupt context (LCA0001, LCA0002), the acquisition in the
        /// opposite order (LCA0004), where the inner class is taken with the interrupt enabled
        /// (LCA0005), the acquisition that holds the lock (LCA0006, LCA0007, LCA0008); null where there is none.
        /// </summary>
        public LockdepPlace? OtherSite { get; internal set; }

        /// <summary>LCA0001/LCA0002: <see cref="Site"/> turns the interrupt back on with the lock held, rather than taking the lock.</summary>
        public bool SiteIsReenable { get; internal set; }

        /// <summary>
        /// LCA0005: <see cref="OtherSite"/> turns the interrupt back on with the inner class held,
        /// rather than taking it there. A guard's release runs in the compiler's <c>finally</c>,
        /// which has no line of its own: such a site names its method, not the guard's line.
        /// </summary>
        public bool OtherSiteIsReenable { get; internal set; }

        /// <summary>The message, in the analyzer's words.</summary>
        public string Message { get; }

        /// <summary>lockdep's "possible unsafe locking scenario" (CPU0/CPU1), or what the kernel would print.</summary>
        public string Scenario { get; }

        /// <summary>The stack of the acquisition or call that completed the violation.</summary>
        public string CurrentStack { get; }

        /// <summary>What <see cref="OtherStack"/> is ("the acquisition that set IN-SOFTIRQ"); null when there is none.</summary>
        public string? OtherTitle { get; }

        /// <summary>The stack of the earlier acquisition that the current one conflicts with.</summary>
        public string? OtherStack { get; }

        /// <summary>The whole splat, as a kernel log would show it.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append("lockdep ").Append(RuleId).Append(": ").AppendLine(Message).AppendLine();
            text.AppendLine(Scenario);
            if (OtherStack != null)
                text.AppendLine().Append(OtherTitle).AppendLine(":").Append(OtherStack);
            text.AppendLine().AppendLine("this call:").Append(CurrentStack);
            return text.ToString();
        }
    }

    /// <summary>Thrown by <see cref="LockdepSink.Throw"/>: the test fails at the call that broke the rule.</summary>
    public sealed class LockdepException : Exception
    {
        public LockdepException(LockdepReport report) : base(report.ToString()) { Report = report; }

        public LockdepReport Report { get; }
    }
}
