namespace LockContextAnalyzers.Rules
{
    /// <summary>Every diagnostic ID (the rule table in README.md, a page each in docs/rules), in one place.</summary>
    public static class RuleIds
    {
        public const string SoftirqUnsafeLock = "LCA0001";
        public const string HardirqUnsafeLock = "LCA0002";
        public const string BhInHardirq = "LCA0003";
        public const string LockOrderInversion = "LCA0004";
        public const string IrqSafeToUnsafe = "LCA0005";
        public const string RecursiveLocking = "LCA0006";
        public const string SleepInAtomic = "LCA0007";
        public const string UnbalancedRelease = "LCA0008";
        public const string ContradictedAttribute = "LCA0009";
        public const string LockNotHeld = "LCA0010";
        public const string RcuDereferenceOutsideReadSide = "LCA0011";

        public const string Category = "LockContext";

        /// <summary>The rule's page in the repository's docs/rules folder.</summary>
        public static string HelpLink(string id) =>
            $"https://github.com/lockcontext/LockContextAnalyzers/blob/main/docs/rules/{id}.md";
    }
}
