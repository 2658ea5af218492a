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
    /// The transfer of the dataflow over one method's control-flow graph (see <see cref="SummaryBuilder"/>;
    /// <see cref="FlowSolver"/> runs it to its fixpoint): each operation in evaluation order, the
    /// branches a guard or a failed trylock decide, and in a last pass the recording of the sites.
    /// Files: this one (the walk and operations), .Locks (the model's lock, bh, irq and RCU calls),
    /// .Calls (calls, registrations, delegates), .Values (what an expression denotes), .Guarded
    /// (guarded data and RCU pointers), .Balance (LCA0008's facts).
    /// </summary>
    internal sealed partial class MethodWalk : IFlowTransfer
    {
        private readonly SummaryBuilder owner;
        private readonly MethodSummary summary;
        private readonly IMethodSymbol walkedMethod; // the summary's, which a lambda's summary does not keep
        private MethodSummary.Builder built => owner.scratch;
        private readonly ControlFlowGraph cfg;
        private readonly Dictionary<IOperation, int> acquisitionIds = new Dictionary<IOperation, int>();
        private readonly Dictionary<int, Acquisition> recorded = new Dictionary<int, Acquisition>();
        private readonly Dictionary<object, List<int>> acquisitionsOf = new Dictionary<object, List<int>>(BodySymbol.Comparer.Default);
        private readonly List<Pairing> pairs = new List<Pairing>();
        private readonly Dictionary<int, LockVariant> trylocks = new Dictionary<int, LockVariant>();
        private readonly Dictionary<int, LockMode> modes = new Dictionary<int, LockMode>();
        private readonly Dictionary<int, string> lockPaths = new Dictionary<int, string>(); // "this.lk", "s.lk": which object's lock
        private readonly HashSet<int> heldWhenFalse = new HashSet<int>(); // [AcquiresWhen(false, ...)] wrappers
        private readonly Dictionary<int, int> lockKeys = new Dictionary<int, int>();
        private readonly Dictionary<ILocalSymbol, int> savedFlags = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        private readonly List<(Location Release, string ApiName, int Saver)> flagMismatches = new List<(Location, string, int)>();
        private readonly Dictionary<int, System.Collections.Immutable.ImmutableSortedSet<int>> heldAtAcquire = new Dictionary<int, System.Collections.Immutable.ImmutableSortedSet<int>>();
        private readonly Dictionary<object, int> symbolKeys = new Dictionary<object, int>(BodySymbol.Comparer.Default);
        private readonly Dictionary<ILocalSymbol, int> trylockResults = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IOperation, GuardEffect> guardResults = new Dictionary<IOperation, GuardEffect>();
        private readonly Dictionary<CaptureId, List<IOperation>> captures = new Dictionary<CaptureId, List<IOperation>>();
        private readonly Dictionary<CaptureId, GuardEffect> guardCaptures = new Dictionary<CaptureId, GuardEffect>();
        private readonly Dictionary<ILocalSymbol, GuardEffect> guardLocals = new Dictionary<ILocalSymbol, GuardEffect>(SymbolEqualityComparer.Default);
        private bool recording;

        public MethodWalk(SummaryBuilder owner, MethodSummary summary, IMethodSymbol method, ControlFlowGraph cfg)
        {
            this.owner = owner;
            this.summary = summary;
            walkedMethod = method;
            this.cfg = cfg;
        }

        public List<IFlowAnonymousFunctionOperation> Lambdas { get; } = new List<IFlowAnonymousFunctionOperation>();

        private KernelApi Api => owner.api;
        private CompilationIndex Index => owner.index;
        private TreeFacts Facts => owner.facts;

        public void Run()
        {
            foreach (var (kind, name) in OwnContracts)
                if (kind == ContractKind.MustHold && MemberNamed(walkedMethod.ContainingType, name) is ISymbol held && Api.IsLockType(TypeOf(held)))
                    built.MustHoldLocks.Add(new LockRef.Member(Index.ClassOf(held), held.OriginalDefinition));
            var solver = new FlowSolver(cfg, this, owner.ct);
            solver.Solve(FlowState.Entry);
            recording = true;
            solver.Replay();
            built.Acquisitions.Sort((a, b) => a.Id.CompareTo(b.Id));

            // Paired after the pass: a loop's release may come before (in block order) an
            // acquisition that reaches it through the back edge.
            foreach (var group in pairs.GroupBy(p => p.Acquisition))
                if (recorded.TryGetValue(group.Key, out var acquisition))
                    acquisition.Pair(group.Select(p => p.Release).Distinct().ToImmutableArray());

            CheckBalance(solver.AtExit);
            summary.Freeze(built);
        }

        FlowState IFlowTransfer.Operation(IOperation operation, FlowState state) => Visit(operation, state);

        FlowState IFlowTransfer.BranchValue(BasicBlock block, FlowState state)
        {
            state = Visit(block.BranchValue!, state);
            if (recording && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return && RefOf(block.BranchValue) is LockRef returned)
                built.ReturnedLocks.Add(returned);
            return state;
        }

        ControlFlowBranch? IFlowTransfer.NeverTaken(BasicBlock block) => ImpossibleBranch(block);

        (ControlFlowBranch? Branch, System.Func<FlowState, FlowState> State) IFlowTransfer.FailedTrylock(BasicBlock block) => FailedTrylockBranch(block);

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
            var none = ((ControlFlowBranch?)null, Unchanged);
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
            return (failed, Undoing(id, trylocks[id]));
        }

        // Apart from FailedTrylockBranch, whose every run (every block, twice) would otherwise
        // allocate the closure of its captured locals.
        private System.Func<FlowState, FlowState> Undoing(int id, LockVariant variant) =>
            s => variant == LockVariant.Bh ? s.Dropping(id, KeyOf).WithBh(-1) : s.Dropping(id, KeyOf);

        private static readonly System.Func<FlowState, FlowState> Unchanged = s => s;

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
                case IPropertyReferenceOperation property when IsFollowed(property.Property):
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
                Facts.AddModeValue(owner.Keep(modeStore), ModeOf(assignment.Value));
            if (recording && SymbolOf(assignment.Target) is ISymbol store && store is not IParameterSymbol)
                Facts.AddStoredValue(owner.Keep(store), (Strip(assignment.Value) as IObjectCreationOperation)?.Type);
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
                if (lockValue != null) Facts.AddLocalValue(owner.KeepInBody(local.Local), lockValue);
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
            else if (BodySymbol.IsBodyMethod(method))
            {
                if (recording) Call(CallTarget.ToBody(owner.SummaryOf(method)), method, invocation.Arguments, invocation, state);
            }
            else if (IsFollowed(method))
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
