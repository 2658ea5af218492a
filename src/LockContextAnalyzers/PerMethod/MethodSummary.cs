using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>
    /// Everything the whole-compilation analysis needs from one method body, computed once from
    /// its control-flow graph: lock sites with their local state, calls, registrations.
    /// </summary>
    public sealed class MethodSummary
    {
        public MethodSummary(IMethodSymbol method, string displayName, Location location)
        {
            Method = method;
            DisplayName = displayName;
            Location = location;
        }

        public IMethodSymbol Method { get; }

        /// <summary>The name messages use: the method's, or "lambda in Register" for an anonymous function.</summary>
        public string DisplayName { get; }

        /// <summary>Where the method is declared (its name), for "entry" additional locations.</summary>
        public Location Location { get; }

        /// <summary>Acquisitions in order of their <see cref="Acquisition.Id"/>.</summary>
        public List<Acquisition> Acquisitions { get; } = new List<Acquisition>();
        public List<Reenable> Reenables { get; } = new List<Reenable>();
        public List<CallSite> Calls { get; } = new List<CallSite>();
        public List<Registration> Registrations { get; } = new List<Registration>();
        public List<SleepSite> Sleeps { get; } = new List<SleepSite>();
        public List<BalanceIssue> BalanceIssues { get; } = new List<BalanceIssue>();
        public List<GuardedSite> GuardedSites { get; } = new List<GuardedSite>();
        public List<RcuDereferenceSite> RcuDereferences { get; } = new List<RcuDereferenceSite>();

        /// <summary>The locks its <c>[MustHold]</c> says every caller holds: held on entry, for the data it touches and its callees.</summary>
        public List<LockRef> MustHoldLocks { get; } = new List<LockRef>();

        /// <summary>Lock values this method returns (for locks obtained from a method's result).</summary>
        public List<LockRef> ReturnedLocks { get; } = new List<LockRef>();

        /// <summary>The context its attribute declares, if any: the strongest source of context.</summary>
        public EntryContext? DeclaredContext { get; set; }

        private Dictionary<int, Acquisition>? byId;

        /// <summary>The acquisition with this id; ids are what <see cref="LocalState.Held"/> lists.</summary>
        public Acquisition? AcquisitionById(int id)
        {
            byId ??= Acquisitions.ToDictionary(a => a.Id);
            return byId.TryGetValue(id, out var a) ? a : null;
        }
    }
}
