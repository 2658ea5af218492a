using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>LCA0001: {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W}, the seed incident's deadlock. Fix: SpinLockBh.</summary>
    internal sealed class LCA0001SoftirqUnsafeLock : InconsistentUsageRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.SoftirqUnsafeLock,
            title: "Lock taken with softirqs enabled is also taken in softirq context",
            messageFormat: RuleWords.SoftirqUnsafeLockFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A lock class used in softirq context (RCU callbacks, timers, tasklets, NAPI, soft hrtimers) must be taken with bottom halves disabled everywhere else (SpinLockBh, or under LocalBhDisable). Otherwise a softirq can run on the CPU that holds the lock, on top of the holder, and spin forever.",
            helpLinkUri: RuleIds.HelpLink(RuleIds.SoftirqUnsafeLock));

        public override DiagnosticDescriptor Descriptor => Rule;
        protected override Mark InContext => Mark.InSoftirq;
        protected override Mark On => Mark.SoftirqOn;
        protected override string Enabled => "softirqs";
    }
}
