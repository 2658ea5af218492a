using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>What an expression denotes: a lock, a guard, a delegate store.</summary>
    internal sealed partial class MethodWalk
    {
        /// <summary>
        /// The map of the timer or work an expression denotes (<see cref="Acquisition.IsWait"/>): a
        /// field or property, one map per member as one class per lock member; a parameter, bound to
        /// what each call passes as a lock parameter is. Anything else (a local, an array element)
        /// names no map, and its waits order nothing: silence, not a guess.
        /// </summary>
        private LockRef? WaitedRefOf(IOperation? value, RegistrationKind kind) => Strip(value) switch
        {
            IFieldReferenceOperation field => new LockRef.Member(Index.ClassOfWaited(field.Field, kind), field.Field.OriginalDefinition),
            IPropertyReferenceOperation property => new LockRef.Member(Index.ClassOfWaited(property.Property, kind), property.Property.OriginalDefinition),
            IParameterReferenceOperation parameter => owner.Keep(parameter.Parameter) is BodySymbol inBody ? new LockRef.Parameter(inBody) : new LockRef.Parameter(parameter.Parameter),
            _ => null,
        };

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
                    return owner.Keep(parameter.Parameter) is BodySymbol inBody ? new LockRef.Parameter(inBody) : new LockRef.Parameter(parameter.Parameter);
                case IObjectCreationOperation creation when Api.IsLockType(creation.Type):
                    return new LockRef.Created(Index.ClassOfCreation(creation, summary.DisplayName));
                case ILocalReferenceOperation local:
                    return new LockRef.Local(owner.KeepInBody(local.Local));
                case IInvocationOperation invocation when BodySymbol.IsBodyMethod(invocation.TargetMethod):
                    return new LockRef.Returned(owner.SummaryOf(invocation.TargetMethod));
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

        /// <summary>The field, property, local or parameter a value is read from, as the facts keep it (<see cref="SummaryBuilder.Keep"/>).</summary>
        private object? StoreOf(IOperation? value)
        {
            value = Strip(value);
            if (value is IFlowCaptureReferenceOperation capture && captures.TryGetValue(capture.Id, out var values) && values.Count == 1)
                value = Strip(values[0]);
            return KeptOrNull(SymbolOf(value));
        }

        private object? KeptOrNull(ISymbol? symbol) => symbol == null ? null : owner.Keep(symbol);

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

        /// <summary>Declared here or in a referenced library whose lock facts are known: a call the call graph follows.</summary>
        private bool IsFollowed(ISymbol symbol) => IsInSource(symbol) || Index.IsImported(symbol.ContainingAssembly);

        private static bool IsAssignmentTarget(IOperation op) =>
            op.Parent is IAssignmentOperation assignment && assignment.Target == op;

        private static IOperation? Strip(IOperation? op)
        {
            while (op is IConversionOperation || op is IParenthesizedOperation)
                op = op is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)op).Operand;
            return op;
        }
    }
}
