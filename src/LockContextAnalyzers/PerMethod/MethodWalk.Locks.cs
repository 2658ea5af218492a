using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockContextAnalyzers.Incremental;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>The model's lock, bh, irq and RCU calls: what each does to the flow state, and what it records.</summary>
    internal sealed partial class MethodWalk
    {
        private static readonly LockRef Unknown = new LockRef.Either(ImmutableArray<LockRef>.Empty);

        private FlowState ApiInvocation(ApiCall call, IInvocationOperation invocation, FlowState state)
        {
            var location = invocation.Syntax.GetLocation();
            switch (call.Kind)
            {
                case ApiKind.Acquire:
                {
                    if (call.Mode == LockMode.Sleeping && !call.IsTry) Sleep(call.Name, location, state);
                    int id = Acquire(invocation, RefOf(Argument(invocation, 0)), call.Variant, call.Mode, call.IsTry, call.IsGuard, call.Name, location, state, contract: false);
                    if (PathOf(Argument(invocation, 0)) is string path) lockPaths[id] = path;
                    if (call.IsGuard) guardResults[invocation] = new GuardEffect(id, call.Variant, false);
                    var after = state.Holding(id, KeyOf(id));
                    return call.Variant switch
                    {
                        LockVariant.Bh => after.WithBh(+1),
                        LockVariant.Irq => after.WithIrqHardOff(),
                        LockVariant.IrqSave => after.WithIrqSaved(),
                        _ => after,
                    };
                }
                case ApiKind.Release:
                    return Release(RefOf(Argument(invocation, 0)), call.Variant, call.Mode, call.Name, location, state, contract: false,
                        flagsFrom: call.Variant == LockVariant.IrqSave ? SavedBy(Argument(invocation, 1)) : null);
                case ApiKind.BhDisable:
                    return state.WithBh(+1);
                case ApiKind.BhEnable:
                    return Reenable(true, call.Name, location, state.WithBh(-1), isExplicit: true, beyondEntry: state.BhDepth == 0);
                case ApiKind.IrqDisable:
                    return state.WithIrqHardOff();
                case ApiKind.IrqEnable:
                    return Reenable(false, call.Name, location, state.WithIrqsOn(), beyondEntry: true);
                case ApiKind.IrqSave:
                    return state.WithIrqSaved();
                case ApiKind.IrqRestore:
                    return Reenable(false, call.Name, location, state.WithIrqRestored());
                case ApiKind.RcuReadLock:
                    if (call.IsGuard) guardResults[invocation] = new GuardEffect(-1, call.AlsoBh ? LockVariant.Bh : LockVariant.Plain, true);
                    return call.AlsoBh ? state.WithRcu(+1).WithBh(+1) : state.WithRcu(+1);
                case ApiKind.RcuReadUnlock:
                    return call.AlsoBh ? Reenable(true, call.Name, location, state.WithRcu(-1).WithBh(-1), beyondEntry: state.BhDepth == 0) : state.WithRcu(-1);
                case ApiKind.Sleep:
                    Sleep(call.Name, location, state);
                    return state;
                case ApiKind.Register:
                    if (recording) Register(call, invocation, location);
                    return state;
                case ApiKind.WaitForCallback:
                    if (call.AlsoSleeps) Sleep(call.Name, location, state);
                    if (recording && WaitedRefOf(Argument(invocation, 0), call.WaitsFor!.Value) is LockRef waited)
                    {
                        // An id of its own among the acquisitions (so a held set can never name it), never held.
                        if (!acquisitionIds.TryGetValue(invocation, out int id)) acquisitionIds[invocation] = id = acquisitionIds.Count;
                        if (!recorded.ContainsKey(id))
                        {
                            var wait = new Acquisition(id, waited, LockVariant.Plain, LockMode.Exclusive, isTry: false, isGuard: false, call.Name, location,
                                Local(state), isWait: true);
                            recorded[id] = wait;
                            built.Acquisitions.Add(wait);
                        }
                    }
                    return state;
                case ApiKind.RcuDereference:
                case ApiKind.RcuDereferenceProtected:
                case ApiKind.RcuAssign:
                case ApiKind.RcuReplace:
                case ApiKind.AssertHeld:
                    return GuardedApi(call, invocation, state);
                default:
                    return state;
            }
        }

        /// <summary>Gives the call an acquisition id (stable across passes) and records it once.</summary>
        private int Acquire(IOperation op, LockRef? lockRef, LockVariant variant, LockMode mode, bool isTry, bool isGuard,
            string apiName, Location location, FlowState state, bool contract)
        {
            if (!acquisitionIds.TryGetValue(op, out int id)) acquisitionIds[op] = id = acquisitionIds.Count;
            if (isTry) trylocks[id] = variant;
            modes[id] = mode;
            heldAtAcquire[id] = state.Held;
            if (!lockKeys.ContainsKey(id))
                lockKeys[id] = lockRef?.PairingSymbol is object key
                    ? (symbolKeys.TryGetValue(key, out var k) ? k : symbolKeys[key] = symbolKeys.Count)
                    : -1 - id; // a lock the analysis cannot name is its own key
            if (lockRef?.PairingSymbol is object pairing)
            {
                if (!acquisitionsOf.TryGetValue(pairing, out var ids)) acquisitionsOf[pairing] = ids = new List<int>();
                if (!ids.Contains(id)) ids.Add(id);
            }
            if (recording && !recorded.ContainsKey(id))
            {
                var acquisition = new Acquisition(id, lockRef ?? Unknown, variant, mode, isTry, isGuard, apiName, location, Local(state), contract);
                recorded[id] = acquisition;
                built.Acquisitions.Add(acquisition);
            }
            return id;
        }

        /// <summary>
        /// A release: pairs with the held acquisitions of the same lock, notes a release that some
        /// path reaches without the lock (LCA0008), then undoes the variant's effect.
        /// </summary>
        private FlowState Release(LockRef? lockRef, LockVariant variant, LockMode mode, string apiName, Location location, FlowState state, bool contract,
            int? flagsFrom = null)
        {
            var symbol = lockRef?.PairingSymbol;
            bool paired = false;
            if (symbol != null)
            {
                bool onEveryPath = false, onSomePath = false;
                var releasing = acquisitionsOf.TryGetValue(symbol, out var candidates) ? Innermost(candidates, state) : new List<int>();
                foreach (int held in releasing)
                {
                    onSomePath = true;
                    onEveryPath |= state.MustHeld.Contains(KeyOf(held));
                    if (recording) pairs.Add(new Pairing(held, location, variant, mode, apiName, contract));
                    state = state.Dropping(held, KeyOf);
                }
                if (recording && !onEveryPath && !contract && !HeldByContract(symbol))
                    built.BalanceIssues.Add(new BalanceIssue(onSomePath ? BalanceKind.NotHeldOnSomePath : BalanceKind.NotHeld, location, apiName, null, null));
                // The restore must put back what this lock's own irqsave saved, not another save's flags.
                if (recording && flagsFrom is int saver && releasing.Count > 0 && !releasing.Contains(saver))
                    flagMismatches.Add((location, apiName, saver));
                paired = releasing.Count > 0;
            }
            return contract ? state : ReleaseEffect(variant, apiName, location, state, paired);
        }

        /// <param name="paired">The release ends a hold taken in this method: an <c>_irq</c> unlock of it turns
        /// interrupts on whatever the callers had (a release of a caller's lock is the caller's business).</param>
        private FlowState ReleaseEffect(LockVariant variant, string apiName, Location location, FlowState state, bool paired) => variant switch
        {
            LockVariant.Bh => Reenable(true, apiName, location, state.WithBh(-1)),
            LockVariant.Irq => Reenable(false, apiName, location, state.WithIrqsOn(), beyondEntry: paired),
            LockVariant.IrqSave => Reenable(false, apiName, location, state.WithIrqRestored()),
            _ => state,
        };

        /// <param name="beyondEntry">It turns bh or irqs on even where the method was entered with them off: an
        /// unconditional irq enable, or a bh enable with no disable of this method's own left to undo.</param>
        private FlowState Reenable(bool bh, string apiName, Location location, FlowState after, bool isExplicit = false, bool beyondEntry = false)
        {
            if (recording && (isExplicit || beyondEntry || !after.Held.IsEmpty))
                built.Reenables.Add(new Reenable(bh, isExplicit, apiName, location, Local(after), beyondEntry));
            return after;
        }

        /// <summary>
        /// The held acquisitions of one lock that a release ends: all of them when they are
        /// alternatives (taken on different branches), only the innermost when one was taken while
        /// another was already held (nested readers, a trylock of a held lock).
        /// </summary>
        private List<int> Innermost(List<int> candidates, FlowState state)
        {
            var held = candidates.Where(state.Held.Contains).ToList();
            if (held.Count < 2) return held;
            // The innermost: held when none of the others was taken (three nested takes of one lock
            // release the third, not the second and third at once).
            var inner = held.Where(c => !held.Any(d => d != c && heldAtAcquire.TryGetValue(d, out var before) && before.Contains(c))).ToList();
            return inner.Count > 0 ? inner : held;
        }

        private int KeyOf(int acquisition) => lockKeys.TryGetValue(acquisition, out int key) ? key : -1 - acquisition;

        private LocalState Local(FlowState state) => state.ToLocal(KeyOf);

        private void Sleep(string apiName, Location location, FlowState state)
        {
            if (recording) built.Sleeps.Add(new SleepSite(apiName, location, Local(state)));
        }

        /// <summary>
        /// A call to a method with sparse-style contracts: <c>[Acquires("l")]</c> leaves the caller
        /// holding l, <c>[Releases("l")]</c> ends the caller's hold.
        /// </summary>
        private FlowState Contracts(IInvocationOperation invocation, FlowState state)
        {
            var method = invocation.TargetMethod;
            var location = invocation.Syntax.GetLocation();
            foreach (var (kind, name) in ContractsOf(method))
            {
                var lockRef = ContractLock(method, name, invocation);
                if (kind == ContractKind.Acquires)
                {
                    int id = Acquire(invocation, lockRef, LockVariant.Plain, LockMode.Exclusive, false, false, method.Name, location, state, contract: true);
                    state = state.Holding(id, KeyOf(id));
                }
                else if (kind == ContractKind.AcquiresWhenTrue || kind == ContractKind.AcquiresWhenFalse)
                {
                    // A trylock of the lock: held only on the branch where the call returned that value.
                    int id = Acquire(invocation, lockRef, LockVariant.Plain, LockMode.Exclusive, true, false, method.Name, location, state, contract: true);
                    if (kind == ContractKind.AcquiresWhenFalse) heldWhenFalse.Add(id);
                    state = state.Holding(id, KeyOf(id));
                }
                else if (kind == ContractKind.Releases)
                    state = Release(lockRef, LockVariant.Plain, LockMode.Exclusive, method.Name, location, state, contract: true);
            }
            return state;
        }

        private IEnumerable<(ContractKind Kind, string Lock)> ContractsOf(IMethodSymbol method) => Index.AttributesOf(method).Contracts;

        // Asked at every release.
        private ImmutableArray<(ContractKind Kind, string Lock)> OwnContracts => ownContracts ??= Index.AttributesOf(walkedMethod).Contracts;
        private ImmutableArray<(ContractKind Kind, string Lock)>? ownContracts;

        /// <summary>The lock a contract names: a parameter (then the caller's argument) or a field or property of the type.</summary>
        private LockRef? ContractLock(IMethodSymbol method, string name, IInvocationOperation invocation)
        {
            foreach (var p in method.Parameters)
                if (p.Name == name) return RefOf(Argument(invocation, p.Ordinal));
            for (var type = method.ContainingType; type != null; type = type.BaseType)
                foreach (var member in type.GetMembers(name))
                    if (member is IFieldSymbol or IPropertySymbol) return new LockRef.Member(Index.ClassOf(member), member.OriginalDefinition);
            return null;
        }

        /// <summary>This method's own contracts say it is entered holding the lock, or may return holding it.</summary>
        private bool HeldByContract(object symbol, bool forExit = false) =>
            OwnContracts.Any(c => c.Lock == BodySymbol.NameOf(symbol)
                && (forExit ? c.Kind != ContractKind.Releases : c.Kind == ContractKind.MustHold || c.Kind == ContractKind.Releases));

        /// <summary>The save a flags value comes from: an irqsave acquisition's id, or <see cref="LocalSave"/>; null when unknown.</summary>
        private int? SavedBy(IOperation? flags) =>
            Strip(flags) is ILocalReferenceOperation local && savedFlags.TryGetValue(local.Local, out int saver) ? saver : null;

        /// <summary>Stands for flags saved by LocalIrqSave rather than by a lock's irqsave.</summary>
        private const int LocalSave = -1;


        /// <summary>A guard's hold on a lock (or an RCU section), released by its Dispose.</summary>
        private sealed class GuardEffect
        {
            private readonly int acquisition;
            private readonly LockVariant variant;
            private readonly bool rcu;

            public GuardEffect(int acquisition, LockVariant variant, bool rcu)
            {
                this.acquisition = acquisition;
                this.variant = variant;
                this.rcu = rcu;
            }

            public FlowState Release(MethodWalk walk, IInvocationOperation dispose, FlowState state)
            {
                var location = dispose.Syntax.GetLocation();
                if (rcu)
                    return variant == LockVariant.Bh
                        ? walk.Reenable(true, "Guard.RcuReadBh", location, state.WithRcu(-1).WithBh(-1))
                        : state.WithRcu(-1);
                if (state.Held.Contains(acquisition)) state = state.Dropping(acquisition, walk.KeyOf);
                return walk.ReleaseEffect(variant, "the guard's release", location, state, paired: true);
            }
        }
    }
}
