using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockContextAnalyzers.Plumbing
{
    /// <summary>
    /// Turns one method's control-flow graph into a <see cref="MethodSummary"/>: a forward dataflow
    /// over the basic blocks computes bh/irq state and held locks at every lock call, then one
    /// recording pass writes the sites down. Lambdas and local functions in the body get their own
    /// summaries (they run when called or registered, not where they are written).
    /// </summary>
    internal sealed class SummaryBuilder
    {
        private readonly KernelApi api;
        private readonly CompilationIndex index;
        private readonly CancellationToken ct;

        public SummaryBuilder(KernelApi api, CompilationIndex index, CancellationToken ct)
        {
            this.api = api;
            this.index = index;
            this.ct = ct;
        }

        public void Build(IMethodSymbol method, Location location, ControlFlowGraph cfg)
        {
            var summary = new MethodSummary(method, DisplayName(method), location);
            summary.DeclaredContext = index.DeclaredContext(method);
            var walk = new Walk(this, summary, cfg);
            walk.Run();
            index.Add(summary);

            foreach (var localFunction in cfg.LocalFunctions)
            {
                ct.ThrowIfCancellationRequested();
                Build(localFunction, localFunction.Locations.FirstOrDefault() ?? location,
                    cfg.GetLocalFunctionControlFlowGraph(localFunction, ct));
            }
            foreach (var lambda in walk.Lambdas)
            {
                ct.ThrowIfCancellationRequested();
                Build(lambda.Symbol, lambda.Syntax.GetFirstToken().GetLocation(),
                    cfg.GetAnonymousFunctionControlFlowGraph(lambda, ct));
            }
        }

        private static string DisplayName(IMethodSymbol method) => method.MethodKind switch
        {
            MethodKind.AnonymousFunction => "lambda in " + (method.ContainingSymbol is IMethodSymbol outer ? DisplayName(outer) : method.ContainingType?.Name),
            MethodKind.Constructor or MethodKind.StaticConstructor => method.ContainingType.Name + " constructor",
            _ when method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName => "top-level statements",
            _ => method.Name,
        };

        /// <summary>The dataflow over one graph.</summary>
        private sealed class Walk
        {
            private readonly SummaryBuilder owner;
            private readonly MethodSummary summary;
            private readonly ControlFlowGraph cfg;
            private readonly FlowState?[] input;
            private readonly Dictionary<IOperation, int> acquisitionIds = new Dictionary<IOperation, int>();
            private readonly Dictionary<int, Acquisition> recorded = new Dictionary<int, Acquisition>();
            private readonly Dictionary<ISymbol, List<int>> acquisitionsOf = new Dictionary<ISymbol, List<int>>(SymbolEqualityComparer.Default);
            private readonly List<(int Acquisition, Location Release)> pairs = new List<(int, Location)>();
            private readonly Dictionary<IOperation, GuardEffect> guardResults = new Dictionary<IOperation, GuardEffect>();
            private readonly Dictionary<CaptureId, List<IOperation>> captures = new Dictionary<CaptureId, List<IOperation>>();
            private readonly Dictionary<CaptureId, GuardEffect> guardCaptures = new Dictionary<CaptureId, GuardEffect>();
            private readonly Dictionary<ILocalSymbol, GuardEffect> guardLocals = new Dictionary<ILocalSymbol, GuardEffect>(SymbolEqualityComparer.Default);
            private readonly Dictionary<ControlFlowRegion, HashSet<int>> finallyContinuations = new Dictionary<ControlFlowRegion, HashSet<int>>();
            private bool recording;

            public Walk(SummaryBuilder owner, MethodSummary summary, ControlFlowGraph cfg)
            {
                this.owner = owner;
                this.summary = summary;
                this.cfg = cfg;
                input = new FlowState?[cfg.Blocks.Length];
            }

            public List<IFlowAnonymousFunctionOperation> Lambdas { get; } = new List<IFlowAnonymousFunctionOperation>();

            private KernelApi Api => owner.api;
            private CompilationIndex Index => owner.index;

            public void Run()
            {
                input[0] = FlowState.Entry;
                var pending = new SortedSet<int> { 0 };
                int steps = 0, limit = cfg.Blocks.Length * 64 + 64; // the lattice is tiny; this only guards bugs
                while (pending.Count > 0 && steps++ < limit)
                {
                    owner.ct.ThrowIfCancellationRequested();
                    int b = pending.Min;
                    pending.Remove(b);
                    foreach (var (target, state) in Transfer(cfg.Blocks[b], input[b]!))
                    {
                        var joined = input[target] == null ? state : input[target]!.Join(state);
                        if (joined.Equals(input[target])) continue;
                        input[target] = joined;
                        pending.Add(target);
                    }
                }

                recording = true;
                foreach (var block in cfg.Blocks)
                    if (input[block.Ordinal] != null) Transfer(block, input[block.Ordinal]!).ToList();
                summary.Acquisitions.Sort((a, b) => a.Id.CompareTo(b.Id));

                // Paired after the pass: a loop's release may come before (in block order) an
                // acquisition that reaches it through the back edge.
                foreach (var (id, release) in pairs)
                    if (recorded.TryGetValue(id, out var acquisition) && !acquisition.Releases.Contains(release))
                        acquisition.Releases.Add(release);
            }

            /// <summary>Runs one block and yields the state each successor block receives.</summary>
            private IEnumerable<(int Block, FlowState State)> Transfer(BasicBlock block, FlowState state)
            {
                foreach (var handler in HandlersCovering(block)) yield return (handler, state);

                foreach (var op in block.Operations) state = Visit(op, state);
                if (block.BranchValue != null)
                {
                    state = Visit(block.BranchValue, state);
                    if (recording && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return)
                    {
                        var returned = RefOf(block.BranchValue);
                        if (returned != null) summary.ReturnedLocks.Add(returned);
                    }
                }

                var impossible = ImpossibleBranch(block);
                foreach (var branch in new[] { block.ConditionalSuccessor, block.FallThroughSuccessor })
                {
                    if (branch == null || branch == impossible) continue;
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
                        set.Add(i + 1 < branch.FinallyRegions.Length ? branch.FinallyRegions[i + 1].FirstBlockOrdinal : branch.Destination.Ordinal);
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

            private static ControlFlowRegion? EnclosingFinally(ControlFlowRegion? region)
            {
                while (region != null && region.Kind != ControlFlowRegionKind.Finally) region = region.EnclosingRegion;
                return region;
            }

            // An exception may leave a try block from any point: its catch handlers (and finally)
            // can start in the state of any block of the try.
            private static IEnumerable<int> HandlersCovering(BasicBlock block)
            {
                for (var r = block.EnclosingRegion; r != null; r = r.EnclosingRegion)
                {
                    if (r.Kind != ControlFlowRegionKind.Try || r.EnclosingRegion == null) continue;
                    foreach (var sibling in r.EnclosingRegion.NestedRegions)
                        if (sibling != r && sibling.Kind != ControlFlowRegionKind.Try)
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
                    Index.AddModeValue(modeStore, ModeOf(assignment.Value));
                if (assignment.Target is not ILocalReferenceOperation local) return;
                if (guardResults.TryGetValue(Strip(assignment.Value) ?? assignment.Value, out var guard)) guardLocals[local.Local] = guard;
                if (recording && Api.IsLockType(local.Local.Type))
                {
                    var value = RefOf(assignment.Value);
                    if (value != null) Index.AddLocalValue(local.Local, value);
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
                    Call(CallTarget.Direct(method, isVirtual), method, invocation.Arguments, invocation, state);
                }
                return state;
            }

            private FlowState ApiInvocation(ApiCall call, IInvocationOperation invocation, FlowState state)
            {
                var location = invocation.Syntax.GetLocation();
                switch (call.Kind)
                {
                    case ApiKind.Acquire:
                    {
                        var lockRef = RefOf(Argument(invocation, 0));
                        if (!acquisitionIds.TryGetValue(invocation, out int id)) acquisitionIds[invocation] = id = acquisitionIds.Count;
                        if (lockRef?.PairingSymbol is ISymbol pairing)
                        {
                            if (!acquisitionsOf.TryGetValue(pairing, out var ids)) acquisitionsOf[pairing] = ids = new List<int>();
                            if (!ids.Contains(id)) ids.Add(id);
                        }
                        if (recording && !recorded.ContainsKey(id))
                        {
                            var acquisition = new Acquisition(id, lockRef ?? Unknown, call.Variant, call.Mode, call.IsTry, call.IsGuard, call.Name, location, state.ToLocal());
                            recorded[id] = acquisition;
                            summary.Acquisitions.Add(acquisition);
                        }
                        if (call.IsGuard) guardResults[invocation] = new GuardEffect(id, call.Variant, false);
                        var after = state.Holding(id);
                        return call.Variant switch
                        {
                            LockVariant.Bh => after.WithBh(+1),
                            LockVariant.Irq => after.WithIrqHardOff(),
                            LockVariant.IrqSave => after.WithIrqSave(+1),
                            _ => after,
                        };
                    }
                    case ApiKind.Release:
                        return Release(RefOf(Argument(invocation, 0)), call.Variant, call.Name, location, state);
                    case ApiKind.BhDisable:
                        return state.WithBh(+1);
                    case ApiKind.BhEnable:
                        return Reenable(true, call.Name, location, state.WithBh(-1), isExplicit: true);
                    case ApiKind.IrqDisable:
                        return state.WithIrqHardOff();
                    case ApiKind.IrqEnable:
                        return Reenable(false, call.Name, location, state.WithIrqsOn());
                    case ApiKind.IrqSave:
                        return state.WithIrqSave(+1);
                    case ApiKind.IrqRestore:
                        return Reenable(false, call.Name, location, state.WithIrqSave(-1));
                    case ApiKind.RcuReadLock:
                        if (call.IsGuard) guardResults[invocation] = new GuardEffect(-1, call.AlsoBh ? LockVariant.Bh : LockVariant.Plain, true);
                        return call.AlsoBh ? state.WithBh(+1) : state;
                    case ApiKind.RcuReadUnlock:
                        return call.AlsoBh ? Reenable(true, call.Name, location, state.WithBh(-1)) : state;
                    case ApiKind.Register:
                        if (recording) Register(call, invocation, location);
                        return state;
                    default:
                        return state;
                }
            }

            private static readonly LockRef Unknown = new LockRef.Either(ImmutableArray<LockRef>.Empty);

            /// <summary>A release: pairs with the held acquisitions of the same lock, then undoes the variant's effect.</summary>
            private FlowState Release(LockRef? lockRef, LockVariant variant, string apiName, Location location, FlowState state)
            {
                var symbol = lockRef?.PairingSymbol;
                if (symbol != null && acquisitionsOf.TryGetValue(symbol, out var candidates))
                    foreach (int held in candidates)
                    {
                        if (!state.Held.Contains(held)) continue;
                        if (recording) pairs.Add((held, location));
                        state = state.Dropping(held);
                    }
                return ReleaseEffect(variant, apiName, location, state);
            }

            private FlowState ReleaseEffect(LockVariant variant, string apiName, Location location, FlowState state) => variant switch
            {
                LockVariant.Bh => Reenable(true, apiName, location, state.WithBh(-1)),
                LockVariant.Irq => Reenable(false, apiName, location, state.WithIrqsOn()),
                LockVariant.IrqSave => Reenable(false, apiName, location, state.WithIrqSave(-1)),
                _ => state,
            };

            private FlowState Reenable(bool bh, string apiName, Location location, FlowState after, bool isExplicit = false)
            {
                if (recording && (isExplicit || !after.Held.IsEmpty))
                    summary.Reenables.Add(new Reenable(bh, isExplicit, apiName, location, after.ToLocal()));
                return after;
            }

            private void Call(CallTarget target, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, IOperation op, FlowState state)
            {
                if (!recording) return;
                ImmutableArray<LockRef?> locks = default;
                foreach (var argument in arguments)
                {
                    if (argument.Parameter == null || !Api.IsLockType(argument.Parameter.Type)) continue;
                    if (locks.IsDefault) locks = new LockRef?[method.Parameters.Length].ToImmutableArray();
                    if (argument.Parameter.Ordinal < locks.Length) locks = locks.SetItem(argument.Parameter.Ordinal, RefOf(argument.Value));
                }
                summary.Calls.Add(new CallSite(target, locks, op.Syntax.GetLocation(), state.ToLocal()));
            }

            private void Register(ApiCall call, IInvocationOperation invocation, Location location)
            {
                foreach (var (ordinal, kind) in call.Callbacks)
                {
                    var callback = CallbackOf(Argument(invocation, ordinal));
                    if (callback == null) continue;
                    var mode = HrtimerModeKnowledge.NotHrtimer;
                    ISymbol? modeSource = null;
                    if (kind == RegistrationKind.Hrtimer)
                    {
                        var argument = Argument(invocation, 2);
                        mode = ModeOf(argument);
                        if (mode == HrtimerModeKnowledge.Unknown) modeSource = StoreOf(argument);
                    }
                    summary.Registrations.Add(new Registration(kind, call.Name, callback, mode, modeSource, location));
                }
            }

            private static HrtimerModeKnowledge ModeOf(IOperation? value)
            {
                var constant = Strip(value)?.ConstantValue;
                if (constant == null || !constant.Value.HasValue || constant.Value.Value is not int mode) return HrtimerModeKnowledge.Unknown;
                // HrTimerMode: Abs, Rel, AbsSoft, RelSoft, AbsHard, RelHard
                return mode switch
                {
                    0 or 1 => HrtimerModeKnowledge.Default,
                    2 or 3 => HrtimerModeKnowledge.Soft,
                    _ => HrtimerModeKnowledge.Hard,
                };
            }

            private CallTarget? CallbackOf(IOperation? value)
            {
                value = Strip(value);
                switch (value)
                {
                    case IDelegateCreationOperation creation:
                        return CallbackOf(creation.Target);
                    case IFlowAnonymousFunctionOperation lambda:
                        return CallTarget.Direct(lambda.Symbol, false);
                    case IMethodReferenceOperation reference:
                        return CallTarget.Direct(reference.Method, reference.IsVirtual);
                    case null:
                        return null;
                    default:
                        var store = StoreOf(value);
                        return store != null || value.Type?.TypeKind == TypeKind.Delegate ? CallTarget.Delegate(store, value.Type) : null;
                }
            }

            private void RecordDelegate(IDelegateCreationOperation creation)
            {
                var target = Strip(creation.Target) switch
                {
                    IFlowAnonymousFunctionOperation lambda => lambda.Symbol,
                    IMethodReferenceOperation reference => reference.Method,
                    _ => null,
                };
                if (target == null) return;
                ISymbol? store = null;
                IOperation child = creation;
                var parent = creation.Parent;
                while (parent is IConversionOperation) { child = parent; parent = parent.Parent; }
                if (parent is ISimpleAssignmentOperation assignment && assignment.Value == child) store = SymbolOf(assignment.Target);
                else if (parent is IArgumentOperation argument) store = argument.Parameter;
                Index.AddDelegate(target, creation.Type, store);
            }

            /// <summary>The lock an expression denotes, as written.</summary>
            private LockRef? RefOf(IOperation? value)
            {
                value = Strip(value);
                switch (value)
                {
                    case IFieldReferenceOperation field:
                        return new LockRef.Member(Index.ClassOf(field.Field), field.Field.OriginalDefinition);
                    case IPropertyReferenceOperation property:
                        return new LockRef.Member(Index.ClassOf(property.Property), property.Property.OriginalDefinition);
                    case IParameterReferenceOperation parameter:
                        return new LockRef.Parameter(parameter.Parameter);
                    case IObjectCreationOperation creation when Api.IsLockType(creation.Type):
                        return new LockRef.Created(Index.ClassOfCreation(creation, summary.DisplayName));
                    case ILocalReferenceOperation local:
                        return new LockRef.Local(local.Local);
                    case IInvocationOperation invocation when IsInSource(invocation.TargetMethod):
                        return new LockRef.Returned(invocation.TargetMethod.OriginalDefinition);
                    case IFlowCaptureReferenceOperation capture when captures.TryGetValue(capture.Id, out var values):
                        var options = values.Select(RefOf).Where(r => r != null).Select(r => r!).ToImmutableArray();
                        return options.Length == 1 ? options[0] : options.IsEmpty ? null : new LockRef.Either(options);
                    default:
                        return null;
                }
            }

            private GuardEffect? GuardOf(IOperation? instance)
            {
                switch (Strip(instance))
                {
                    case IFlowCaptureReferenceOperation capture:
                        return guardCaptures.TryGetValue(capture.Id, out var g) ? g : null;
                    case ILocalReferenceOperation local:
                        return guardLocals.TryGetValue(local.Local, out var l) ? l : null;
                    default:
                        return null;
                }
            }

            private ISymbol? StoreOf(IOperation? value)
            {
                value = Strip(value);
                if (value is IFlowCaptureReferenceOperation capture && captures.TryGetValue(capture.Id, out var values) && values.Count == 1)
                    value = Strip(values[0]);
                return SymbolOf(value);
            }

            private static ISymbol? SymbolOf(IOperation? op) => op switch
            {
                IFieldReferenceOperation f => f.Field.OriginalDefinition,
                IPropertyReferenceOperation p => p.Property.OriginalDefinition,
                ILocalReferenceOperation l => l.Local,
                IParameterReferenceOperation p => p.Parameter,
                _ => null,
            };

            private static IOperation? Argument(IInvocationOperation invocation, int ordinal)
            {
                foreach (var a in invocation.Arguments)
                    if (a.Parameter?.Ordinal == ordinal) return a.Value;
                return null;
            }

            private bool IsInSource(ISymbol symbol) =>
                SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Index.Assembly);

            private static bool IsAssignmentTarget(IOperation op) =>
                op.Parent is IAssignmentOperation assignment && assignment.Target == op;

            private static IOperation? Strip(IOperation? op)
            {
                while (op is IConversionOperation || op is IParenthesizedOperation)
                    op = op is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)op).Operand;
                return op;
            }

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

                public FlowState Release(Walk walk, IInvocationOperation dispose, FlowState state)
                {
                    var location = dispose.Syntax.GetLocation();
                    if (rcu)
                        return variant == LockVariant.Bh ? walk.Reenable(true, "Guard.RcuReadBh", location, state.WithBh(-1)) : state;
                    if (state.Held.Contains(acquisition)) state = state.Dropping(acquisition);
                    return walk.ReleaseEffect(variant, "the guard's release", location, state);
                }
            }
        }
    }
}
