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
        /// <summary>
        /// What identifies this lock within one method, to pair a release with its acquisition: a
        /// symbol, a <see cref="BodySymbol"/>, or a local function's summary (compare with <see cref="BodySymbol.Comparer"/>).
        /// </summary>
        public abstract object? PairingSymbol { get; }

        public sealed class Member : LockRef
        {
            public Member(LockClass lockClass, ISymbol symbol) { Class = lockClass; Symbol = symbol; }
            public LockClass Class { get; }
            public ISymbol Symbol { get; }
            public override object? PairingSymbol => Symbol;
        }

        /// <summary>A lock created by <c>new Spinlock()</c> outside a field initializer: its class is the creation site.</summary>
        public sealed class Created : LockRef
        {
            public Created(LockClass lockClass) { Class = lockClass; }
            public LockClass Class { get; }
            public override object? PairingSymbol => null;
        }

        /// <summary>A parameter: a method's (the compiler's symbol), or a lambda's or local function's (a <see cref="BodySymbol"/>).</summary>
        public sealed class Parameter : LockRef
        {
            public Parameter(IParameterSymbol symbol) { Symbol = symbol; Ordinal = symbol.Ordinal; }
            public Parameter(BodySymbol symbol) { Symbol = symbol; Ordinal = symbol.Ordinal; }

            /// <summary>An <see cref="IParameterSymbol"/> or a <see cref="BodySymbol"/>.</summary>
            public object Symbol { get; }
            public int Ordinal { get; }
            public override object? PairingSymbol => Symbol;

            /// <summary>Whether it is a parameter of that body.</summary>
            public bool Of(MethodSummary body) => BodySymbol.IsParameterOf(Symbol, body, out _);
        }

        public sealed class Local : LockRef
        {
            public Local(BodySymbol symbol) { Symbol = symbol; }
            public BodySymbol Symbol { get; }
            public override object? PairingSymbol => Symbol;
        }

        /// <summary>What a method returns: a method of the compilation, or a local function (its summary).</summary>
        public sealed class Returned : LockRef
        {
            public Returned(IMethodSymbol method) { Method = method; }
            public Returned(MethodSummary body) { Body = body; }
            public IMethodSymbol? Method { get; }
            public MethodSummary? Body { get; }
            public override object? PairingSymbol => (object?)Method ?? Body;
        }

        public sealed class Either : LockRef
        {
            public Either(ImmutableArray<LockRef> options) { Options = options; }
            public ImmutableArray<LockRef> Options { get; }
            public override object? PairingSymbol => null;
        }
    }
}
