using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>What a place that needs a lock does (the subject of an LCA0010 message).</summary>
    internal enum GuardedUse
    {
        /// <summary>Reads a <c>[GuardedBy]</c> field or property.</summary>
        Read,

        /// <summary>Writes one: assignment, compound assignment, <c>++</c>/<c>--</c>, <c>ref</c>/<c>out</c>.</summary>
        Write,

        /// <summary><c>RcuAssignPointer</c>/<c>RcuReplacePointer</c>: publishes a new object.</summary>
        RcuUpdate,

        /// <summary><c>RcuDereferenceProtected</c>: reads the pointer on its update side.</summary>
        RcuProtectedRead,

        /// <summary>A <c>LockdepAssertHeld*</c>.</summary>
        Assert,

        /// <summary>A call to a <c>[MustHold]</c> method: its body counts on its callers.</summary>
        MustHoldCall,
    }

    /// <summary>How the lock must be held.</summary>
    internal enum HoldNeeded
    {
        Any,
        Exclusive,
        Read,
    }

    /// <summary>A place where a lock must be held (LCA0010): an access to guarded data, an RCU update, an assert.</summary>
    internal sealed class GuardedSite
    {
        public GuardedSite(GuardedUse use, string apiName, string subject, LockRef lockRef, string lockName, HoldNeeded needs,
            bool heldHere, Location location, Location? guardDeclaration, bool nothingHeld = false, string? fixLock = null, string? lockType = null)
        {
            NothingHeld = nothingHeld;
            FixLock = fixLock;
            LockType = lockType;
            Use = use;
            ApiName = apiName;
            Subject = subject;
            Lock = lockRef;
            LockName = lockName;
            Needs = needs;
            HeldHere = heldHere;
            Location = location;
            GuardDeclaration = guardDeclaration;
        }

        public GuardedUse Use { get; }

        /// <summary>The call (<c>RcuAssignPointer</c>, <c>LockdepAssertHeld</c>); empty for a field or property access.</summary>
        public string ApiName { get; }

        /// <summary>The data: <c>Type.member</c> of the field, property or RCU pointer; empty for an assert.</summary>
        public string Subject { get; }

        /// <summary>The lock that must be held, as written (resolved to classes by the caller-side check).</summary>
        public LockRef Lock { get; }

        /// <summary>The lock as the message names it when no class resolves: the attribute's text or the argument.</summary>
        public string LockName { get; }

        public HoldNeeded Needs { get; }

        /// <summary>Held as needed on every path through this method (or by the method's <c>[MustHold]</c>).</summary>
        public bool HeldHere { get; }

        public Location Location { get; }

        /// <summary>The <c>[GuardedBy]</c> attribute that names the lock, where there is one.</summary>
        public Location? GuardDeclaration { get; }

        /// <summary>No lock is held and bh and irqs are as the method was entered, here: taking the lock here adds no order edge.</summary>
        public bool NothingHeld { get; }

        /// <summary>The lock as the code at the access can name it (the attribute's text), where it can; null otherwise.</summary>
        public string? FixLock { get; }

        /// <summary>The lock's model type: "Spinlock", "Rwlock" or "KernelMutex".</summary>
        public string? LockType { get; }
    }
}
