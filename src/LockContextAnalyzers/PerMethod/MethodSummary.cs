using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>
    /// Everything the whole-compilation analysis needs from one method body, computed once from
    /// its control-flow graph: lock sites with their local state, calls, registrations. Immutable
    /// once its walk is done (<see cref="Freeze"/>): the cache shares summaries across threads and
    /// compilations.
    /// </summary>
    internal sealed class MethodSummary
    {
        public MethodSummary(IMethodSymbol? method, string displayName, Location location, EntryContext? declaredContext, string? importedFrom = null,
            string? nestedName = null)
        {
            ImportedFrom = importedFrom;
            Method = method;
            NestedName = nestedName;
            DisplayName = displayName;
            Location = location;
            DeclaredContext = declaredContext;
        }

        /// <summary>
        /// The method. Null for a lambda or local function: the summary itself is what facts name it
        /// by (<see cref="BodySymbol"/> says why), and <see cref="NestedName"/> is its name. Null too
        /// for an entry body of a referenced library that no code here can call (a private timer
        /// callback there): such a summary is an entry, never a callee.
        /// </summary>
        public IMethodSymbol? Method { get; }

        /// <summary>
        /// A lambda's or local function's name qualified by where it is written, as library facts
        /// record it: "lambda in FlowTable.Start", "FlowTable.Start.Local".
        /// </summary>
        public string? NestedName { get; }

        /// <summary>
        /// The referenced assembly whose recorded facts this summary stands for
        /// (<see cref="CrossAssembly.ImportedLibraries"/>): no body, no calls, its callees' sites
        /// flattened in; null for a body of this compilation.
        /// </summary>
        public string? ImportedFrom { get; }

        /// <summary>The name messages use: the method's, or "lambda in Register" for an anonymous function.</summary>
        public string DisplayName { get; }

        /// <summary>Where the method is declared (its name), for "entry" additional locations.</summary>
        public Location Location { get; }

        /// <summary>The context its attribute declares, if any: the strongest source of context.</summary>
        public EntryContext? DeclaredContext { get; }

        /// <summary>Acquisitions in order of their <see cref="Acquisition.Id"/>.</summary>
        public ImmutableArray<Acquisition> Acquisitions { get; private set; } = ImmutableArray<Acquisition>.Empty;
        public ImmutableArray<Reenable> Reenables { get; private set; } = ImmutableArray<Reenable>.Empty;
        public ImmutableArray<CallSite> Calls { get; private set; } = ImmutableArray<CallSite>.Empty;
        public ImmutableArray<Registration> Registrations { get; private set; } = ImmutableArray<Registration>.Empty;
        public ImmutableArray<SleepSite> Sleeps { get; private set; } = ImmutableArray<SleepSite>.Empty;
        public ImmutableArray<BalanceIssue> BalanceIssues { get; private set; } = ImmutableArray<BalanceIssue>.Empty;
        public ImmutableArray<GuardedSite> GuardedSites { get; private set; } = ImmutableArray<GuardedSite>.Empty;
        public ImmutableArray<RcuDereferenceSite> RcuDereferences { get; private set; } = ImmutableArray<RcuDereferenceSite>.Empty;

        /// <summary>
        /// Whether any call is made with one of its own locks held: most methods make none, and the
        /// walk asks at every visit (<see cref="Interprocedural.LockAnalysis"/>'s marks through callees).
        /// </summary>
        public bool HasCallsWithLockHeld { get; private set; }

        /// <summary>Whether any call is made with one of its own locks held on every path: what orders that lock before the callee's (<see cref="Interprocedural.TransitiveAcquisitions"/>).</summary>
        public bool HasCallsWithLockHeldOnEveryPath { get; private set; }

        /// <summary>The locks its <c>[MustHold]</c> says every caller holds: held on entry, for the data it touches and its callees.</summary>
        public ImmutableArray<LockRef> MustHoldLocks { get; private set; } = ImmutableArray<LockRef>.Empty;

        /// <summary>Lock values this method returns (for locks obtained from a method's result).</summary>
        public ImmutableArray<LockRef> ReturnedLocks { get; private set; } = ImmutableArray<LockRef>.Empty;

        private Dictionary<int, Acquisition>? byId;
        private bool frozen;

        /// <summary>
        /// Where the call graph of the analysis now visiting this summary keeps it: that graph's ID
        /// and the summary's position, packed in one word so that it is read whole
        /// (<see cref="CallGraph.OrdinalOf"/>). A field, not a property: it is no fact of the body.
        /// </summary>
        internal long GraphSlot;

        /// <summary>The acquisition with this id; ids are what <see cref="LocalState.Held"/> lists.</summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public Acquisition? AcquisitionById(int id)
        {
            byId ??= Acquisitions.ToDictionary(a => a.Id);
            return byId.TryGetValue(id, out var a) ? a : null;
        }

        /// <summary>
        /// What a walk writes while it runs; <see cref="Freeze"/> copies it into the summary, once, and
        /// empties it for the next walk (one builder per tree's walk: walks there run one at a time).
        /// </summary>
        internal sealed class Builder
        {
            public void Clear()
            {
                Acquisitions.Clear(); Reenables.Clear(); Calls.Clear(); Registrations.Clear(); Sleeps.Clear();
                BalanceIssues.Clear(); GuardedSites.Clear(); RcuDereferences.Clear(); MustHoldLocks.Clear(); ReturnedLocks.Clear();
            }

            public List<Acquisition> Acquisitions { get; } = new List<Acquisition>();
            public List<Reenable> Reenables { get; } = new List<Reenable>();
            public List<CallSite> Calls { get; } = new List<CallSite>();
            public List<Registration> Registrations { get; } = new List<Registration>();
            public List<SleepSite> Sleeps { get; } = new List<SleepSite>();
            public List<BalanceIssue> BalanceIssues { get; } = new List<BalanceIssue>();
            public List<GuardedSite> GuardedSites { get; } = new List<GuardedSite>();
            public List<RcuDereferenceSite> RcuDereferences { get; } = new List<RcuDereferenceSite>();
            public List<LockRef> MustHoldLocks { get; } = new List<LockRef>();
            public List<LockRef> ReturnedLocks { get; } = new List<LockRef>();
        }

        internal void Freeze(Builder b)
        {
            if (frozen) throw new InvalidOperationException("a summary is written once");
            frozen = true;
            Acquisitions = Of(b.Acquisitions);
            Reenables = Of(b.Reenables);
            Calls = Of(b.Calls);
            foreach (var call in b.Calls)
            {
                HasCallsWithLockHeld |= !call.Before.Held.IsEmpty;
                HasCallsWithLockHeldOnEveryPath |= !call.Before.MustHeld.IsDefaultOrEmpty;
            }
            Registrations = Of(b.Registrations);
            Sleeps = Of(b.Sleeps);
            BalanceIssues = Of(b.BalanceIssues);
            GuardedSites = Of(b.GuardedSites);
            RcuDereferences = Of(b.RcuDereferences);
            MustHoldLocks = Of(b.MustHoldLocks);
            ReturnedLocks = Of(b.ReturnedLocks);
            b.Clear();
        }

        private static ImmutableArray<T> Of<T>(List<T> list) => list.Count == 0 ? ImmutableArray<T>.Empty : list.ToImmutableArray();
    }
}
