using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>What a call invokes: a method (maybe virtual), or a delegate.</summary>
    internal sealed class CallTarget
    {
        private CallTarget(IMethodSymbol? method, bool isVirtual, ISymbol? delegateStore, ITypeSymbol? delegateType, ISymbol? receiverStore,
            bool overridesHereOnly = false)
        {
            OverridesHereOnly = overridesHereOnly;
            Method = method;
            IsVirtual = isVirtual;
            DelegateStore = delegateStore;
            DelegateType = delegateType;
            ReceiverStore = receiverStore;
        }

        public IMethodSymbol? Method { get; }
        public bool IsVirtual { get; }

        /// <summary>For a delegate invocation: the field, property, local or parameter that holds it, if any.</summary>
        public ISymbol? DelegateStore { get; }
        public ITypeSymbol? DelegateType { get; }

        /// <summary>For a virtual call: the field, property or local the receiver is read from, whose created types narrow the targets.</summary>
        public ISymbol? ReceiverStore { get; }

        /// <summary>
        /// A referenced library's virtual call: only the overrides in this compilation (the
        /// library's own implementations are already in its recorded facts).
        /// </summary>
        public bool OverridesHereOnly { get; }

        public static CallTarget OverridesHere(IMethodSymbol method) => new CallTarget(method, true, null, null, null, overridesHereOnly: true);

        public static CallTarget Direct(IMethodSymbol method, bool isVirtual, ISymbol? receiverStore = null) =>
            new CallTarget(method, isVirtual, null, null, isVirtual ? receiverStore : null);

        public static CallTarget Delegate(ISymbol? store, ITypeSymbol? type) => new CallTarget(null, false, store, type, null);
    }
}
