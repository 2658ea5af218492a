using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>What a call invokes: a method (maybe virtual), or a delegate.</summary>
    internal sealed class CallTarget
    {
        private CallTarget(IMethodSymbol? method, bool isVirtual, object? delegateStore, ITypeSymbol? delegateType, object? receiverStore,
            bool overridesHereOnly = false, MethodSummary? body = null)
        {
            OverridesHereOnly = overridesHereOnly;
            Body = body;
            Method = method;
            IsVirtual = isVirtual;
            DelegateStore = delegateStore;
            DelegateType = delegateType;
            ReceiverStore = receiverStore;
        }

        public IMethodSymbol? Method { get; }

        /// <summary>A lambda or local function (called, or registered as a callback): its summary, made by the same walk.</summary>
        public MethodSummary? Body { get; }

        public bool IsVirtual { get; }

        /// <summary>
        /// For a delegate invocation: the field, property, local or parameter that holds it, if any
        /// (a symbol, or a <see cref="BodySymbol"/>).
        /// </summary>
        public object? DelegateStore { get; }
        public ITypeSymbol? DelegateType { get; }

        /// <summary>For a virtual call: the field, property or local the receiver is read from, whose created types narrow the targets.</summary>
        public object? ReceiverStore { get; }

        /// <summary>
        /// A referenced library's virtual call: only the overrides in this compilation (the
        /// library's own implementations are already in its recorded facts).
        /// </summary>
        public bool OverridesHereOnly { get; }

        public static CallTarget OverridesHere(IMethodSymbol method) => new CallTarget(method, true, null, null, null, overridesHereOnly: true);

        public static CallTarget Direct(IMethodSymbol method, bool isVirtual, object? receiverStore = null) =>
            new CallTarget(method, isVirtual, null, null, isVirtual ? receiverStore : null);

        public static CallTarget ToBody(MethodSummary body) => new CallTarget(null, false, null, null, null, body: body);

        public static CallTarget Delegate(object? store, ITypeSymbol? type) => new CallTarget(null, false, store, type, null);
    }
}
