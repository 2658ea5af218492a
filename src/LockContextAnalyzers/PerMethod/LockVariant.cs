using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>How an acquisition or release treats bottom halves and hardirqs.</summary>
    internal enum LockVariant
    {
        Plain,
        Bh,
        Irq,
        IrqSave,
    }

    /// <summary>Whether a lock is a spinning lock taken exclusively, for reading, or a sleeping mutex.</summary>
    internal enum LockMode
    {
        Exclusive,
        Read,
        Sleeping,
    }
}
