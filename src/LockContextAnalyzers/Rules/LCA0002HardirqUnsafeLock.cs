using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>LCA0002: {HARDIRQ-ON-W} -> {IN-HARDIRQ-W}. Reported before LCA0001, which then stays quiet on the same site.</summary>
    internal sealed class LCA0002HardirqUnsafeLock : InconsistentUsageRule
    {
        public static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIds.HardirqUnsafeLock,
            title: "Lock taken with hardirqs enabled is also taken in hardirq context",
            messageFormat: RuleWords.HardirqUnsafeLockFormat,
            category: RuleIds.Category,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A lock class used in hardirq context (interrupt handlers, hard hrtimers) must be taken with interrupts disabled everywhere else (SpinLockIrqSave). Otherwise an interrupt can arrive on the CPU that holds the lock and spin on it forever.",
            helpLinkUri: RuleIds.HelpLink(RuleIds.HardirqUnsafeLock));

        public override DiagnosticDescriptor Descriptor => Rule;
        protected override Mark InContext => Mark.InHardirq;
        protected override Mark On => Mark.HardirqOn;
        protected override string Enabled => "hardirqs";
    }
}
