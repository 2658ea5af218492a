using System.Linq;
using LockContextAnalyzers.Incremental;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>
    /// Data guarded by a lock and RCU-protected pointers: where a lock must be held (LCA0010) and
    /// where a pointer is followed (LCA0011), each with whether this method covers it on every path.
    /// </summary>
    internal sealed partial class MethodWalk
    {
        private FlowState GuardedApi(ApiCall call, IInvocationOperation invocation, FlowState state)
        {
            if (!recording) return state;
            var location = invocation.Syntax.GetLocation();
            var pointer = Argument(invocation, 0);
            switch (call.Kind)
            {
                case ApiKind.RcuDereference:
                    bool covered = call.AlsoBh ? state.BhOff || state.IrqOff : state.RcuEveryPathDepth > 0;
                    built.RcuDereferences.Add(new RcuDereferenceSite(call.Name, call.AlsoBh, NameOf(pointer), location, covered));
                    break;
                case ApiKind.RcuDereferenceProtected:
                case ApiKind.RcuReplace:
                {
                    var lockArgument = Argument(invocation, call.Kind == ApiKind.RcuReplace ? 2 : 1);
                    if (RefOf(lockArgument) is LockRef lockRef)
                        AddGuarded(call.Kind == ApiKind.RcuReplace ? GuardedUse.RcuUpdate : GuardedUse.RcuProtectedRead, call.Name, NameOf(pointer),
                            lockRef, lockArgument!.Syntax.ToString(), call.Needs, location, null, state, PathOf(lockArgument));
                    break;
                }
                case ApiKind.RcuAssign:
                    // Only a pointer whose field names its update-side lock can be judged.
                    if (SymbolOf(Strip(pointer)) is ISymbol field && GuardOf(field) is ({ } text, var declaration)
                        && GuardLock(field, text, invocation) is LockRef guard)
                        AddGuarded(GuardedUse.RcuUpdate, call.Name, NameOf(pointer), guard, text, HoldNeeded.Exclusive, location, declaration, state,
                            GuardPath(Strip(pointer)!, field, text));
                    break;
                case ApiKind.AssertHeld:
                    if (RefOf(pointer) is LockRef asserted)
                        AddGuarded(GuardedUse.Assert, call.Name, "", asserted, pointer!.Syntax.ToString(), call.Needs, location, null, state, PathOf(pointer));
                    break;
            }
            return state;
        }

        /// <summary>A call to a <c>[MustHold("l")]</c> method: the caller must hold l (the callee's body counts on it).</summary>
        private void MustHoldCall(IInvocationOperation invocation, MethodAttributes facts, FlowState state)
        {
            foreach (var (kind, name) in facts.Contracts)
                if (kind == ContractKind.MustHold && ContractLock(invocation.TargetMethod, name, invocation) is LockRef needed)
                    AddGuarded(GuardedUse.MustHoldCall, invocation.TargetMethod.Name, "", needed, name, HoldNeeded.Any,
                        invocation.Syntax.GetLocation(), null, state);
        }

        /// <summary>A read or write of a <c>[GuardedBy]</c> field or property (not an RCU pointer: its calls are judged instead).</summary>
        private void GuardedAccess(IOperation op, FlowState state)
        {
            var member = (op as IMemberReferenceOperation)?.Member;
            if (member == null || GuardOf(member) is not ({ } text, var declaration)) return;
            if (Api.IsRcuPointer(TypeOf(member))) return;
            if (IsInitialization(op, member)) return;
            if (GuardLock(member, text, op) is not LockRef guard) return;
            bool write = IsWrite(op);
            var needs = write ? HoldNeeded.Exclusive : HoldNeeded.Any;
            built.GuardedSites.Add(new GuardedSite(write ? GuardedUse.Write : GuardedUse.Read, "", NameOf(member), guard, text, needs,
                HeldHere(guard, needs, state, GuardPath(op, member, text)), op.Syntax.GetLocation(), declaration,
                nothingHeld: state.Held.IsEmpty && !state.BhOff && !state.IrqOff && !state.MayIrqOff && state.RcuDepth == 0,
                fixLock: NameableHere(op, member, guard) ? text : null, lockType: guard.PairingSymbol is ISymbol l ? TypeOf(l)?.Name : null));
        }

        /// <summary>The attribute's text names the lock at the access too: the data is this object's (or static), and so is the lock, or the method has a this.</summary>
        private bool NameableHere(IOperation access, ISymbol member, LockRef guard)
        {
            var instance = (access as IMemberReferenceOperation)?.Instance;
            if (!member.IsStatic && instance is not IInstanceReferenceOperation) return false;
            var type = walkedMethod.ContainingType;
            bool inside = false;
            for (var t = type; t != null && !inside; t = t.BaseType)
                inside = SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, member.ContainingType?.OriginalDefinition);
            return inside && (guard.PairingSymbol is ISymbol { IsStatic: true } || !walkedMethod.IsStatic);
        }

        private void AddGuarded(GuardedUse use, string api, string subject, LockRef lockRef, string lockText, HoldNeeded needs, Location location,
            Location? declaration, FlowState state, string? path = null) =>
            built.GuardedSites.Add(new GuardedSite(use, api, subject, lockRef, lockText, needs, HeldHere(lockRef, needs, state, path), location, declaration));

        /// <summary>
        /// Held as needed on every path here, or by this method's own <c>[MustHold]</c>/<c>[Acquires]</c>
        /// contract. Where both the needed lock's object path and the held one's are known, they must be
        /// the same object's lock (<c>a.lk</c> held does not protect <c>b.count</c>), as Clang compares lock expressions.
        /// </summary>
        private bool HeldHere(LockRef lockRef, HoldNeeded needs, FlowState state, string? path)
        {
            var symbol = lockRef.PairingSymbol;
            if (symbol == null) return false;
            if (HeldByContract(symbol)) return true;
            if (!symbolKeys.TryGetValue(symbol, out int key) || !state.MustHeld.Contains(key)) return false;
            var ofThisLock = state.Held.Where(id => KeyOf(id) == key).ToList();
            if (path != null && !ofThisLock.Any(id => !lockPaths.TryGetValue(id, out var held) || held == path)) return false;
            var holds = ofThisLock.Select(id => modes.TryGetValue(id, out var m) ? m : LockMode.Exclusive).ToList();
            return needs switch
            {
                HoldNeeded.Exclusive => holds.All(m => m != LockMode.Read),
                HoldNeeded.Read => holds.All(m => m == LockMode.Read),
                _ => true,
            };
        }

        /// <summary>The text of the member's <c>[GuardedBy]</c>, and where it is written.</summary>
        private (string Text, Location? Declaration)? GuardOf(ISymbol member)
        {
            if (Api.GuardedByAttribute == null) return null;
            foreach (var a in member.OriginalDefinition.GetAttributes())
                if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, Api.GuardedByAttribute)
                    && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is string text)
                    return (text, a.ApplicationSyntaxReference?.GetSyntax().GetLocation());
            return null;
        }

        /// <summary>
        /// The lock a <c>[GuardedBy]</c> names: a lock member of the member's type (or its bases), a
        /// static lock <c>"Type.Field"</c>, or a path <c>"Owner.Lock"</c> through the type's members.
        /// </summary>
        private LockRef? GuardLock(ISymbol guarded, string text, IOperation at)
        {
            var parts = text.Split('.');
            ISymbol? current = MemberNamed(guarded.ContainingType, parts[0]);
            int next = 1;
            if (current == null && parts.Length > 1 && at.SemanticModel is SemanticModel model)
            {
                var type = model.LookupNamespacesAndTypes(at.Syntax.SpanStart, null, parts[0]).OfType<INamedTypeSymbol>().FirstOrDefault();
                current = type == null ? null : MemberNamed(type, parts[1]);
                next = 2;
            }
            for (; current != null && next < parts.Length; next++)
                current = MemberNamed(TypeOf(current) as INamedTypeSymbol, parts[next]);
            return current != null && Api.IsLockType(TypeOf(current))
                ? new LockRef.Member(Index.ClassOf(current), current.OriginalDefinition)
                : null;
        }

        private static ISymbol? MemberNamed(INamedTypeSymbol? type, string name)
        {
            for (var t = type; t != null; t = t.BaseType)
                foreach (var m in t.GetMembers(name))
                    if (m is IFieldSymbol or IPropertySymbol) return m;
            return null;
        }

        private static ITypeSymbol? TypeOf(ISymbol member) => member switch
        {
            IFieldSymbol f => f.Type,
            IPropertySymbol p => p.Type,
            _ => null,
        };

        /// <summary>Initialization is exempt: the object is not yet published (through <c>this</c> in its type's constructors, a static in the static constructor).</summary>
        private bool IsInitialization(IOperation access, ISymbol member)
        {
            if (!SymbolEqualityComparer.Default.Equals(walkedMethod.ContainingType?.OriginalDefinition, member.ContainingType?.OriginalDefinition)) return false;
            if (member.IsStatic) return walkedMethod.MethodKind == MethodKind.StaticConstructor;
            var instance = (access as IMemberReferenceOperation)?.Instance;
            return walkedMethod.MethodKind == MethodKind.Constructor && instance is IInstanceReferenceOperation;
        }

        /// <summary>Assignment, compound assignment, <c>??=</c>, <c>++</c>/<c>--</c>, or passed by <c>ref</c>/<c>out</c>.</summary>
        private static bool IsWrite(IOperation op) => op.Parent switch
        {
            IAssignmentOperation a => a.Target == op,
            IIncrementOrDecrementOperation i => i.Target == op,
            IArgumentOperation arg => arg.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
            _ => false,
        };

        /// <summary>
        /// The object path of an expression, as Clang's analysis compares lock expressions: <c>this</c>,
        /// a parameter, then fields and properties (<c>d.Inode.ILock</c>), or <c>Type.Field</c> for a static.
        /// A local, a call or anything else has no path (then only the lock field is compared).
        /// </summary>
        private static string? PathOf(IOperation? op)
        {
            switch (Strip(op))
            {
                case IInstanceReferenceOperation:
                    return "this";
                case IParameterReferenceOperation p:
                    return p.Parameter.Name;
                case IFieldReferenceOperation f:
                    return f.Field.IsStatic ? NameOf(f.Field) : PathOf(f.Instance) is string fi ? fi + "." + f.Field.Name : null;
                case IPropertyReferenceOperation p when p.Arguments.IsEmpty:
                    return p.Property.IsStatic ? NameOf(p.Property) : PathOf(p.Instance) is string pi ? pi + "." + p.Property.Name : null;
                default:
                    return null;
            }
        }

        /// <summary>The path of the lock a <c>[GuardedBy]</c> names, for the data reached by <paramref name="access"/>.</summary>
        private string? GuardPath(IOperation access, ISymbol member, string text)
        {
            if (!text.Contains('.') && MemberNamed(member.ContainingType, text) is ISymbol own)
            {
                if (own.IsStatic) return NameOf(own);
                var instance = (access as IMemberReferenceOperation)?.Instance;
                return PathOf(instance) is string owner ? owner + "." + text : null;
            }
            return null; // a static "Type.Field" or a path through members: compared by the lock field alone
        }

        /// <summary>What messages call a pointer or a member: <c>Type.member</c>, or the expression as written.</summary>
        private static string NameOf(IOperation? value) =>
            SymbolOf(Strip(value)) is ISymbol s and (IFieldSymbol or IPropertySymbol) ? NameOf(s) : value?.Syntax.ToString() ?? "";

        private static string NameOf(ISymbol member) => $"{member.ContainingType?.Name}.{member.Name}";
    }
}
