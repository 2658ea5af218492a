using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>Calls into the compilation, registrations of callbacks, and delegates created.</summary>
    internal sealed partial class MethodWalk
    {
        private void Call(CallTarget target, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, IOperation op, FlowState state)
        {
            if (!recording) return;
            ImmutableArray<LockRef?> locks = default;
            foreach (var argument in arguments)
            {
                if (argument.Parameter == null) continue;
                // A lock, or a timer or work whose map the callee's waits take.
                var waitedKind = Api.WaitedKindOf(argument.Parameter.Type);
                if (!Api.IsLockType(argument.Parameter.Type) && waitedKind == null) continue;
                if (locks.IsDefault) locks = new LockRef?[method.Parameters.Length].ToImmutableArray();
                if (argument.Parameter.Ordinal < locks.Length)
                    locks = locks.SetItem(argument.Parameter.Ordinal, waitedKind is RegistrationKind kind ? WaitedRefOf(argument.Value, kind) : RefOf(argument.Value));
            }
            built.Calls.Add(new CallSite(target, locks, op.Syntax.GetLocation(), Local(state)));
        }

        private void Register(ApiCall call, IInvocationOperation invocation, Location location)
        {
            foreach (var (ordinal, kind) in call.Callbacks)
            {
                var callback = CallbackOf(Argument(invocation, ordinal));
                if (callback == null) continue;
                var mode = HrtimerModeKnowledge.NotHrtimer;
                object? modeSource = null;
                if (kind == RegistrationKind.Hrtimer)
                {
                    var argument = Argument(invocation, 2);
                    mode = ModeOf(argument);
                    if (mode == HrtimerModeKnowledge.Unknown) modeSource = StoreOf(argument);
                }
                // Only a member: a helper that registers a timer and a callback it was handed pairs them
                // per call, which the callbacks of a registration (every delegate that reaches it) do not.
                var waited = call.WaitsFor is RegistrationKind waitedAs && WaitedRefOf(Argument(invocation, 0), waitedAs) is LockRef.Member member ? member : null;
                built.Registrations.Add(new Registration(kind, call.Name, callback, mode, modeSource, location, waited));
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
                    return CallTarget.ToBody(owner.SummaryOf(lambda.Symbol));
                case IMethodReferenceOperation reference when BodySymbol.IsBodyMethod(reference.Method):
                    return CallTarget.ToBody(owner.SummaryOf(reference.Method));
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
            var method = Strip(creation.Target) switch
            {
                IFlowAnonymousFunctionOperation lambda => lambda.Symbol,
                IMethodReferenceOperation reference => reference.Method,
                _ => null,
            };
            if (method == null) return;
            object? store = null;
            IOperation child = creation;
            var parent = creation.Parent;
            while (parent is IConversionOperation) { child = parent; parent = parent.Parent; }
            if (parent is ISimpleAssignmentOperation assignment && assignment.Value == child) store = KeptOrNull(SymbolOf(assignment.Target));
            else if (parent is IArgumentOperation argument) store = KeptOrNull(argument.Parameter);
            Facts.AddDelegate(owner.Keep(method), creation.Type, store);
        }
    }
}
