using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// Waiting for a callback as lockdep sees it: a timer or work item has a map of its own, held
    /// while its callback runs and taken (and at once released) by <c>del_timer_sync</c> or
    /// <c>flush_work</c>. The waits are acquisitions of the map (<see cref="Acquisition.IsWait"/>),
    /// so the locks held at them are ordered before it like any other; here the callbacks' side:
    /// the map is held on every path of the callback, so it is ordered before every lock the
    /// callback takes, itself or in its callees. A lock held across the wait and taken by the
    /// callback then closes a cycle (LCA0004), and a wait for the callback's own object inside it
    /// takes the map again (LCA0006), as lockdep reports both.
    /// </summary>
    internal sealed partial class LockAnalysis
    {
        /// <summary>
        /// A callback registered with an object that something can wait for, and that object's map:
        /// from a registration here, or a referenced library's entry that recorded its maps.
        /// </summary>
        private sealed class WaitedCallback
        {
            public WaitedCallback(MethodSummary callback, Registration? registration, LockRef? map, Entry? recorded)
            {
                Callback = callback;
                Registration = registration;
                Map = map;
                Recorded = recorded;
            }

            public MethodSummary Callback { get; }
            public Registration? Registration { get; }
            public LockRef? Map { get; }
            public Entry? Recorded { get; }
        }

        // Resolved on the walk's thread before the passes that run beside it: the graph's callbacks
        // are a cache only that thread fills (see Walk).
        private List<WaitedCallback> FindWaitedCallbacks(System.Threading.CancellationToken ct)
        {
            var found = new List<WaitedCallback>();
            foreach (var s in summaries)
                for (int r = 0; r < s.Registrations.Length; r++)
                {
                    if (s.Registrations[r].Waited is not LockRef map) continue;
                    ct.ThrowIfCancellationRequested();
                    foreach (var callback in Graph.CallbacksOf(s, r))
                        found.Add(new WaitedCallback(callback, s.Registrations[r], map, null));
                }
            foreach (var entry in calls.ImportedEntries)
                if (!entry.Maps.IsEmpty) found.Add(new WaitedCallback(entry.Method, null, null, entry));
            return found;
        }

        /// <summary>
        /// The maps each callback registered here holds while it runs, by its registration's kind:
        /// what a library records with its entries (<see cref="CrossAssembly.FactsExport"/>).
        /// </summary>
        public Dictionary<(MethodSummary Callback, RegistrationKind Kind), List<LockClass>> MapsHeld { get; } =
            new Dictionary<(MethodSummary, RegistrationKind), List<LockClass>>();

        /// <summary>The edges from each waited callback's map to what the callback takes (after the walk, so that they come last).</summary>
        private void CallbacksHoldTheirMaps(List<WaitedCallback> waited, AnalysisOptions options, System.Threading.CancellationToken ct)
        {
            foreach (var w in waited)
            {
                ct.ThrowIfCancellationRequested();
                var maps = w.Recorded?.Maps ?? locks.Resolve(w.Map!, null);
                if (maps.IsEmpty) continue;
                var reg = w.Registration;
                if (reg != null)
                {
                    if (!MapsHeld.TryGetValue((w.Callback, reg.Kind), out var held)) MapsHeld[(w.Callback, reg.Kind)] = held = new List<LockClass>();
                    foreach (var map in maps) if (!held.Contains(map)) held.Add(map);
                }
                var context = reg != null ? EntryPoints.ContextsOf(reg, calls.HrtimerMode(reg), options).First() : w.Recorded!.Context;
                var callback = w.Callback;
                var path = new CallPath(callback, new CallState(context.Kind, false, false, default), new Entry(callback, context), null, null);
                var passed = PassedIn(path);
                // The map "held": taken where the callback was registered, which messages point at.
                var holder = new Acquisition(-1, w.Map ?? Unknown, LockVariant.Plain, LockMode.Exclusive, isTry: false, isGuard: false,
                    reg?.ApiName ?? context.ApiName, reg?.Location ?? context.Registration ?? callback.Location, NothingHeld, isWait: true);
                foreach (var map in maps)
                {
                    foreach (var acq in callback.Acquisitions)
                    {
                        if (acq.IsTry || acq.IsContract) continue;
                        foreach (var c in ClassesOf(acq, path))
                            AddEdge(map, c, acq.Location, holder, acq.Mode == LockMode.Read, null, path, null);
                    }
                    var callees = Graph.CalleesOf(callback);
                    for (int i = 0; i < callees.Length; i++)
                        foreach (var callee in callees[i])
                            foreach (var (c, taken) in deeper.Of(callee, callback.Calls[i], passed))
                                AddEdge(map, c, taken.Location, holder, taken.Mode == LockMode.Read, callee, path, callback.Calls[i].Location);
                }
            }
        }

        private static readonly LockRef Unknown = new LockRef.Either(System.Collections.Immutable.ImmutableArray<LockRef>.Empty);

        private static readonly LocalState NothingHeld = new LocalState(false, false, System.Collections.Immutable.ImmutableArray<int>.Empty,
            System.Collections.Immutable.ImmutableArray<int>.Empty, false);

        /// <summary>The callbacks whose transitive acquisitions <see cref="CallbacksHoldTheirMaps"/> reads.</summary>
        private static IEnumerable<MethodSummary> Callbacks(List<WaitedCallback> waited) => waited.Select(w => w.Callback);
    }
}
