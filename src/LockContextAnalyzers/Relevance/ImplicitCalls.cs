using System;

namespace LockContextAnalyzers.Relevance
{
    /// <summary>Syntax that can call a member without naming it (see <see cref="RelevantBodies"/>).</summary>
    [Flags]
    internal enum ImplicitCalls
    {
        None = 0,
        Foreach = 1,            // GetEnumerator, MoveNext, Current, Dispose
        Using = 2,              // Dispose, DisposeAsync
        Await = 4,              // GetAwaiter, GetResult, IsCompleted, OnCompleted
        Deconstruction = 8,     // Deconstruct
        CollectionInit = 16,    // Add, a collection type's constructor
        Query = 32,             // Select, Where, ...
        TargetTypedNew = 64,    // new(...): a constructor
        ElementAccess = 128,    // an indexer, Slice, Length, Count
        Interpolation = 256,    // AppendLiteral, AppendFormatted
        Fixed = 512,            // GetPinnableReference
        DelegateInvoke = 1024,  // an invocation that is not plainly a method's name
    }
}
