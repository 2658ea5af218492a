using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>A call to code in the compilation (resolved to methods by the call graph).</summary>
    internal sealed class CallSite
    {
        public CallSite(CallTarget target, ImmutableArray<LockRef?> lockArguments, Location location, LocalState before)
        {
            Target = target;
            LockArguments = lockArguments;
            Location = location;
            Before = before;
        }

        public CallTarget Target { get; }

        /// <summary>Per parameter ordinal of the callee, the lock passed there (null where not a lock).</summary>
        public ImmutableArray<LockRef?> LockArguments { get; }

        public Location Location { get; }
        public LocalState Before { get; }
    }
}
