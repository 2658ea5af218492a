using System.Collections.Immutable;

namespace LockContextAnalyzers.Rules
{
    /// <summary>
    /// What a diagnostic is about, as data beside its message (in <c>Diagnostic.Properties</c> and
    /// SARIF's properties): the lock class, the second class, the RCU pointer or guarded member, the
    /// method of the reported site. The run-time validator's <c>LockdepReport</c> carries the same
    /// facts, so tools (and the differential tests) compare findings without reading sentences.
    /// A key is absent where the finding has no such part.
    /// </summary>
    public static class FindingProperties
    {
        /// <summary>The lock class the message names first ("Lock 'X' ..."; LCA0003, LCA0007, LCA0008: the lock involved).</summary>
        public const string LockClass = "LockClass";

        /// <summary>LCA0004: the class held; LCA0005: the irq-safe class at the head of the chain.</summary>
        public const string OtherLockClass = "OtherLockClass";

        /// <summary>LCA0010 on an RCU update-side access, LCA0011: the pointer.</summary>
        public const string Pointer = "Pointer";

        /// <summary>LCA0010 on a [GuardedBy] field or property: its name.</summary>
        public const string Member = "Member";

        /// <summary>
        /// The method the message names first, where the lock is taken or the call made ("lambda in
        /// Init"); for a site inside a referenced library that the diagnostic is moved off, the
        /// library's method, as in the message.
        /// </summary>
        public const string Method = "Method";

        /// <summary>LCA0001/LCA0002: "true" when the site turns the interrupt back on with the lock held, rather than taking it.</summary>
        public const string Reenable = "Reenable";

        /// <summary>The properties of one finding, added to <paramref name="fix"/>'s (the code fix's own) when it has some.</summary>
        internal static ImmutableDictionary<string, string?> Of(string? lockClass, string? method,
            string? other = null, string? pointer = null, string? member = null, bool reenable = false,
            ImmutableDictionary<string, string?>? fix = null)
        {
            var b = (fix ?? ImmutableDictionary<string, string?>.Empty).ToBuilder();
            if (lockClass != null) b[LockClass] = lockClass;
            if (other != null) b[OtherLockClass] = other;
            if (pointer != null) b[Pointer] = pointer;
            if (member != null) b[Member] = member;
            if (method != null) b[Method] = method;
            if (reenable) b[Reenable] = "true";
            return b.ToImmutable();
        }
    }
}
