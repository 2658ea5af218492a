using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>
    /// The dataflow over one method's control-flow graph (see <see cref="SummaryBuilder"/>): blocks,
    /// branches, finally and catch regions, and the walk over each block's operations in evaluation order.
    /// </summary>
    internal sealed partial class MethodWalk
    {
        private readonly SummaryBuilder owner;
        private readonly MethodSummary summary;
        private MethodSummary.Builder built => owner.scratch;
        private readonly ControlFlowGraph cfg;
        private readonly FlowState?[] input;
        private readonly int[]?[] handlersOf;
        private readonly SortedSet<int> pending = new SortedSet<int>();
        private readonly Dictionary<IOperation, int> acquisitionIds = new Dictionary<IOperation, int>();
        private readonly Dictionary<int, Acquisition> recorded = new Dictionary<int, Acquisition>();
        private readonly Dictionary<ISymbol, List<int>> acquisitionsOf = new Dictionary<ISymbol, List<int>>(SymbolEqualityComparer.Default);
        private readonly List<Pairing> pairs = new List<Pairing>();
        private readonly Dictionary<int, LockVariant> trylocks = new Dictionary<int, LockVariant>();
        private readonly Dictionary<int, LockMode> modes = new Dictionary<int, LockMode>();
        private readonly Dictionary<int, string> lockPaths = new Dictionary<int, string>(); // "this.lk", "s.lk": which object's lock
        private readonly HashSet<int> heldWhenFalse = new HashSet<int>(); // [AcquiresWhen(false, ...)] wrappers
        private readonly Dictionary<int, int> lockKeys = new Dictionary<int, int>();
        private readonly Dictionary<ILocalSymbol, int> savedFlags = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        private readonly List<(Location Release, string ApiName, int Saver)> flagMismatches = new List<(Location, string, int)>();
        private readonly Dictionary<int, System.Collections.Immutable.ImmutableSortedSet<int>> heldAtAcquire = new Dictionary<int, System.Collections.Immutable.ImmutableSortedSet<int>>();
        private readonly Dictionary<ISymbol, int> symbolKeys = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        private readonly Dictionary<ILocalSymbol, int> trylockResults = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IOperation, GuardEffect> guardResults = new Dictionary<IOperation, GuardEffect>();
        private readonly Dictionary<CaptureId, List<IOperation>> captures = new Dictionary<CaptureId, List<IOperation>>();
        private readonly Dictionary<CaptureId, GuardEffect> guardCaptures = new Dictionary<CaptureId, GuardEffect>();
        private readonly Dictionary<ILocalSymbol, GuardEffect> guardLocals = new Dictionary<ILocalSymbol, GuardEffect>(SymbolEqualityComparer.Default);
        private readonly Dictionary<ControlFlowRegion, HashSet<int>> finallyContinuations = new Dictionary<ControlFlowRegion, HashSet<int>>();
        private bool recording;

        public MethodWalk(SummaryBuilder owner, MethodSummary summary, ControlFlowGraph cfg)
        {
            this.owner = owner;
            this.summary = summary;
            this.cfg = cfg;
            input = new FlowState?[cfg.Blocks.Length];
            handlersOf = new int[]?[cfg.Blocks.Length];
        }

        public List<IFlowAnonymousFunctionOperation> Lambdas { get; } = new List<IFlowAnonymousFunctionOperation>();

        private KernelApi Api => owner.api;
        private CompilationIndex Index => owner.index;
        private TreeFacts Facts => owner.facts;

        public void Run()
        {
            foreach (var (kind, name) in ContractsOf(summary.Method))
                if (kind == ContractKind.MustHold && MemberNamed(summary.Method.ContainingType, name) is ISymbol held && Api.IsLockType(TypeOf(held)))
                    built.MustHoldLocks.Add(new LockRef.Member(Index.ClassOf(held), held.OriginalDefinition));
            input[0] = FlowState.Entry;
            pending.Add(0);
            int steps = 0, limit = cfg.Blocks.Length * 64 + 64; // the lattice is tiny; this only guards bugs
            while (pending.Count > 0 && steps++ < limit)
            {
                owner.ct.ThrowIfCancellationRequested();
                int b = pending.Min;
                pending.Remove(b);
                foreach (var (target, state) in Transfer(cfg.Blocks[b], input[b]!))
                {
                    if ((uint)target >= (uint)input.Length) continue; // never expected; an analyzer must not throw
                    var joined = input[target] == null ? state : input[target]!.Join(state);
                    if (joined.Equals(input[target])) continue;
                    input[target] = joined;
                    pending.Add(target);
                }
            }

            recording = true;
            foreach (var block in cfg.Blocks)
                if (input[block.Ordinal] != null) Transfer(block, input[block.Ordinal]!).ToList();
            built.Acquisitions.Sort((a, b) => a.Id.CompareTo(b.Id));

            // Paired after the pass: a loop's release may come before (in block order) an
            // acquisition that reaches it through the back edge.
            foreach (var group in pairs.GroupBy(p => p.Acquisition))
                if (recorded.TryGetValue(group.Key, out var acquisition))
                    acquisition.Pair(group.Select(p => p.Release).Distinct().ToImmutableArray());

            var exit = cfg.Blocks[cfg.Blocks.Length - 1];
            CheckBalance(exit.Kind == BasicBlockKind.Exit ? input[exit.Ordinal] : null);
            summary.Freeze(built);
        }

        /// <summary>Runs one block and yields the state each successor block receives.</summary>
        private IEnumerable<(int Block, FlowState State)> Transfer(BasicBlock block, FlowState state)
        {
            // An exception can leave a try block after any operation (the model's calls themselves do
            // not throw), so its handlers start from the state after each one.
            var handlers = handlersOf[block.Ordinal] ??= HandlersCovering(block).ToArray();
            if (block.Operations.IsEmpty) foreach (var h in handlers) yield return (h, state);
            foreach (var op in block.Operations)
            {
                state = Visit(op, state);
                foreach (var h in handlers) yield return (h, state);
            }
            if (block.BranchValue != null)
            {
                state = Visit(block.BranchValue, state);
                if (recording && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return)
                {
                    var returned = RefOf(block.BranchValue);
                    if (returned != null) built.ReturnedLocks.Add(returned);
                }
            }

            var impossible = ImpossibleBranch(block);
            var failedTry = FailedTrylockBranch(block);
            var held = state;
            foreach (var branch in new[] { block.ConditionalSuccessor, block.FallThroughSuccessor })
            {
                if (branch == null || branch == impossible) continue;
                state = branch == failedTry.Branch ? failedTry.State(held) : held;
                if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
                {
                    // The end of a finally: go on to wherever the branches that entered it were going.
                    var region = EnclosingFinally(block.EnclosingRegion);
                    if (region != null && finallyContinuations.TryGetValue(region, out var next))
                        foreach (int n in next) yield return (n, state);
                    continue;
                }
                if (branch.Destination == null) continue;
                if (branch.FinallyRegions.IsEmpty)
                {
                    yield return (branch.Destination.Ordinal, state);
                    continue;
                }
                for (int i = 0; i < branch.FinallyRegions.Length; i++)
                {
                    var f = branch.FinallyRegions[i];
                    if (!finallyContinuations.TryGetValue(f, out var set)) finallyContinuations[f] = set = new HashSet<int>();
                    // A new way out of the finally: its blocks must run again to hand their state on to it.
                    if (set.Add(i + 1 < branch.FinallyRegions.Length ? branch.FinallyRegions[i + 1].FirstBlockOrdinal : branch.Destination.Ordinal))
                        for (int o = f.FirstBlockOrdinal; o <= f.LastBlockOrdinal; o++)
                            if (input[o] != null) pending.Add(o);
                }
                yield return (branch.FinallyRegions[0].FirstBlockOrdinal, state);
            }
        }

        // A using statement disposes its resource under "if (resource != null)". A guard is
        // never null, so the path that skips Dispose (and would keep the lock "held") is dead.
        private ControlFlowBranch? ImpossibleBranch(BasicBlock block)
        {
            if (block.ConditionalSuccessor == null || block.BranchValue is not IIsNullOperation isNull || GuardOf(isNull.Operand) == null)
                return null;
            return block.ConditionKind == ControlFlowConditionKind.WhenTrue ? block.ConditionalSuccessor : block.FallThroughSuccessor;
        }

        // "if (SpinTrylock(l))" (or "!...", or a local holding the result): the lock is held only
        // on the branch where the call returned true; the other branch also undoes a _bh disable.
        private (ControlFlowBranch? Branch, System.Func<FlowState, FlowState> State) FailedTrylockBranch(BasicBlock block)
        {
            var none = ((ControlFlowBranch?)null, (System.Func<FlowState, FlowState>)(s => s));
            if (block.ConditionalSuccessor == null || block.BranchValue == null) return none;
            var value = Strip(block.BranchValue);
            bool negated = false;
            while (value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not) { negated = !negated; value = Strip(not.Operand); }
            int id;
            if (value is ILocalReferenceOperation local && trylockResults.TryGetValue(local.Local, out var fromLocal)) id = fromLocal;
            else if (value == null || !acquisitionIds.TryGetValue(value, out id) || !trylocks.ContainsKey(id)) return none;
            bool conditionalWhenTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
            // The conditional branch is taken when the call returned (conditionalWhenTrue != negated).
            bool conditionalIsSuccess = (conditionalWhenTrue != negated) != heldWhenFalse.Contains(id);
            var failed = conditionalIsSuccess ? block.FallThroughSuccessor : block.ConditionalSuccessor;
            var variant = trylocks[id];
            return (failed, s => variant == LockVariant.Bh ? s.Dropping(id, KeyOf).WithBh(-1) : s.Dropping(id, KeyOf));
        }

        // A lambda's or local function's graph sits inside the regions of the method around it
        // (its root's EnclosingRegion is the outer graph's region): region walks stop at this
        // graph's root, or they would name blocks of the outer graph.
        private ControlFlowRegion? EnclosingFinally(ControlFlowRegion? region)
        {
            while (region != null && region != cfg.Root && region.Kind != ControlFlowRegionKind.Finally) region = region.EnclosingRegion;
            return region == cfg.Root ? null : region;
        }

        // An exception may leave a try block from any point: its catch handlers can start in the
        // state of any block of the try. A finally is not fed that way: its end hands its state on
        // to where the branches that entered it go, so exceptional states would flow into the code
        // after it (a balanced region inside a guard then looked left open). An exception that
        // runs a finally leaves the method, which is not a return.
        private IEnumerable<int> HandlersCovering(BasicBlock block)
        {
            for (var r = block.EnclosingRegion; r != null && r != cfg.Root; r = r.EnclosingRegion)
            {
                if (r.Kind != ControlFlowRegionKind.Try || r.EnclosingRegion == null) continue;
                foreach (var sibling in r.EnclosingRegion.NestedRegions)
                    if (sibling != r && sibling.Kind != ControlFlowRegionKind.Try && sibling.Kind != ControlFlowRegionKind.Finally)
                        yield return sibling.FirstBlockOrdinal;
            }
        }

        /// <summary>Evaluates an operation tree in evaluation order (operands first).</summary>
        private FlowState Visit(IOperation op, FlowState state)
        {
            if (op is IFlowAnonymousFunctionOperation lambda)
            {
                if (recording) Lambdas.Add(lambda);
                return state;
            }
            foreach (var child in op.ChildOperations) state = Visit(child, state);
            if (recording && op is IFieldReferenceOperation or IPropertyReferenceOperation) GuardedAccess(op, state);

            switch (op)
            {
                case IInvocationOperation invocation:
                    return Invocation(invocation, state);
                case IObjectCreationOperation creation when creation.Constructor != null:
                    Call(CallTarget.Direct(creation.Constructor, false), creation.Constructor, creation.Arguments, op, state);
                    return state;
                case IPropertyReferenceOperation property when IsInSource(property.Property):
                    var accessor = IsAssignmentTarget(property) ? property.Property.SetMethod : property.Property.GetMethod;
                    if (accessor != null) Call(CallTarget.Direct(accessor, property.Property.IsVirtual || property.Property.IsAbstract || property.Property.IsOverride), accessor, ImmutableArray<IArgumentOperation>.Empty, op, state);
                    return state;
                case IFlowCaptureOperation capture:
                    if (!captures.TryGetValue(capture.Id, out var values)) captures[capture.Id] = values = new List<IOperation>();
                    if (!values.Contains(capture.Value)) values.Add(capture.Value);
                    if (guardResults.TryGetValue(Strip(capture.Value) ?? capture.Value, out var guard)) guardCaptures[capture.Id] = guard;
                    return state;
                case ISimpleAssignmentOperation assignment:
                    Assignment(assignment);
                    return state;
                case IDelegateCreationOperation creation:
                    if (recording) RecordDelegate(creation);
                    return state;
                default:
                    return state;
            }
        }

        private void Assignment(ISimpleAssignmentOperation assignment)
        {
            if (recording && Api.HrTimerMode != null && SymbolEqualityComparer.Default.Equals(assignment.Target.Type, Api.HrTimerMode)
                && SymbolOf(assignment.Target) is ISymbol modeStore)
                Facts.AddModeValue(modeStore, ModeOf(assignment.Value));
            if (recording && SymbolOf(assignment.Target) is ISymbol store && store is not IParameterSymbol)
                Facts.AddStoredValue(store, (Strip(assignment.Value) as IObjectCreationOperation)?.Type);
            if (assignment.Target is not ILocalReferenceOperation local) return;
            var value = Strip(assignment.Value) ?? assignment.Value;
            if (guardResults.TryGetValue(value, out var guard)) guardLocals[local.Local] = guard;
            if (acquisitionIds.TryGetValue(value, out int id) && trylocks.ContainsKey(id)) trylockResults[local.Local] = id;
            if (value is IInvocationOperation saving && Api.Lookup(saving.TargetMethod) is ApiCall saveCall)
            {
                if (saveCall.Kind == ApiKind.IrqSave) savedFlags[local.Local] = LocalSave;
                else if (saveCall.Kind == ApiKind.Acquire && saveCall.Variant == LockVariant.IrqSave && !saveCall.IsGuard && acquisitionIds.TryGetValue(value, out int saver))
                    savedFlags[local.Local] = saver;
            }
            if (recording && Api.IsLockType(local.Local.Type))
            {
                var lockValue = RefOf(assignment.Value);
                if (lockValue != null) Facts.AddLocalValue(local.Local, lockValue);
            }
        }

        private FlowState Invocation(IInvocationOperation invocation, FlowState state)
        {
            var method = invocation.TargetMethod;
            var call = Api.Lookup(method);
            if (call != null) return ApiInvocation(call, invocation, state);

            if (Api.IsGuardDispose(method) && GuardOf(invocation.Instance) is GuardEffect guard)
                return guard.Release(this, invocation, state);

            if (method.MethodKind == MethodKind.DelegateInvoke)
            {
                var target = CallTarget.Delegate(StoreOf(invocation.Instance), invocation.Instance?.Type);
                Call(target, method, invocation.Arguments, invocation, state);
            }
            else if (IsInSource(method))
            {
                bool isVirtual = invocation.IsVirtual || method.IsAbstract || method.ContainingType?.TypeKind == TypeKind.Interface;
                Call(CallTarget.Direct(method, isVirtual, StoreOf(invocation.Instance)), method, invocation.Arguments, invocation, state);
            }
            var facts = Index.AttributesOf(method);
            if (facts.MightSleep) Sleep(method.Name, invocation.Syntax.GetLocation(), state);
            if (recording) MustHoldCall(invocation, facts, state);
            return facts.Contracts.IsEmpty ? state : Contracts(invocation, state);
        }
    }
}
