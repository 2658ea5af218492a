using System.Collections.Immutable;
using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>
    /// Where a lock value comes from, as written: a field or property (its lock class), a parameter
    /// (bound by the callers), a local (whatever was assigned to it), a method's return value, or
    /// several of these. The call graph turns it into lock classes.
    /// </summary>
    internal abstract class LockRef
    {
        /// <summary>The symbol that identifies this lock within one method, used to pair a release with its acquisition.</summary>
        public abstract ISymbol? PairingSymbol { get; }

        public sealed class Member : LockRef
        {
            public Member(LockClass lockClass, ISymbol symbol) { Class = lockClass; Symbol = symbol; }
            public LockClass Class { get; }
            public ISymbol Symbol { get; }
            public override ISymbol? PairingSymbol => Symbol;
        }

        /// <summary>A lock created by <c>new Spinlock()</c> outside a field initializer: its class is the creation site.</summary>
        public sealed class Created : LockRef
        {
            public Created(LockClass lockClass) { Class = lockClass; }
            public LockClass Class { get; }
            public override ISymbol? PairingSymbol => null;
        }

        public sealed class Parameter : LockRef
        {
            public Parameter(IParameterSymbol symbol) { Symbol = symbol; }
            public IParameterSymbol Symbol { get; }
            public override ISymbol? PairingSymbol => Symbol;
        }

        public sealed class Local : LockRef
        {
            public Local(ILocalSymbol symbol) { Symbol = symbol; }
            public ILocalSymbol Symbol { get; }
            public override ISymbol? PairingSymbol => Symbol;
        }

        public sealed class Returned : LockRef
        {
            public Returned(IMethodSymbol method) { Method = method; }
            public IMethodSymbol Method { get; }
            public override ISymbol? PairingSymbol => Method;
        }

        public sealed class Either : LockRef
        {
            public Either(ImmutableArray<LockRef> options) { Options = options; }
            public ImmutableArray<LockRef> Options { get; }
            public override ISymbol? PairingSymbol => null;
        }
    }
}
