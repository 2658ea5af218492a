using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    internal enum BalanceKind
    {
        /// <summary>A release of a lock that no path through the method holds.</summary>
        NotHeld,

        /// <summary>A release of a lock that some path reaches without holding it.</summary>
        NotHeldOnSomePath,

        /// <summary>A release in another variant than the acquisition (SpinLockBh released by SpinUnlock).</summary>
        VariantMismatch,

        /// <summary>An acquisition still held when the method returns.</summary>
        LeftOpen,

        /// <summary>An irqrestore given flags saved by another acquisition's irqsave, or by LocalIrqSave.</summary>
        FlagsFromAnotherSave,
    }

    /// <summary>A release that does not match its acquisition, found within one method (LCA0008).</summary>
    internal sealed class BalanceIssue
    {
        public BalanceIssue(BalanceKind kind, Location location, string apiName, Acquisition? acquisition, string? matchingRelease)
        {
            Kind = kind;
            Location = location;
            ApiName = apiName;
            Acquisition = acquisition;
            MatchingRelease = matchingRelease;
        }

        public BalanceKind Kind { get; }

        /// <summary>The release, or for <see cref="BalanceKind.LeftOpen"/> the acquisition.</summary>
        public Location Location { get; }

        public string ApiName { get; }
        public Acquisition? Acquisition { get; }

        /// <summary>For a mismatch: the release that matches the acquisition ("SpinUnlockBh").</summary>
        public string? MatchingRelease { get; }
    }
}
