using LockContext.Words;
using LockContextAnalyzers.Interprocedural;

namespace LockContextAnalyzers.Rules
{
    /// <summary>Every diagnostic ID (the rule table in README.md, a page each in docs/rules), in one place.</summary>
    public static class RuleIds
    {
        public const string SoftirqUnsafeLock = RuleWords.SoftirqUnsafeLock;
        public const string HardirqUnsafeLock = RuleWords.HardirqUnsafeLock;
        public const string BhInHardirq = RuleWords.BhInHardirq;
        public const string LockOrderInversion = RuleWords.LockOrderInversion;
        public const string IrqSafeToUnsafe = RuleWords.IrqSafeToUnsafe;
        public const string RecursiveLocking = RuleWords.RecursiveLocking;
        public const string SleepInAtomic = RuleWords.SleepInAtomic;
        public const string UnbalancedRelease = RuleWords.UnbalancedRelease;
        public const string ContradictedAttribute = RuleWords.ContradictedAttribute;
        public const string LockNotHeld = RuleWords.LockNotHeld;
        public const string RcuDereferenceOutsideReadSide = RuleWords.RcuDereferenceOutsideReadSide;

        public const string Category = "LockContext";

        /// <summary>The rule's page in the repository's docs/rules folder.</summary>
        public static string HelpLink(string id) =>
            $"https://github.com/lockcontext/LockContextAnalyzers/blob/main/docs/rules/{id}.md";
    }
}
