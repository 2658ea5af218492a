using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>The call graph's answer to "what can this call run?", supplied by the Roslyn plumbing.</summary>
    internal interface ICallResolver
    {
        /// <summary>Every method in the compilation that the target may run (overrides, implementations, delegate targets).</summary>
        IReadOnlyList<MethodSummary> Resolve(CallTarget target);

        /// <summary>The summary of a method declared in the compilation, if any.</summary>
        MethodSummary? Summary(Microsoft.CodeAnalysis.IMethodSymbol method);

        /// <summary>The entries of referenced libraries (their registered callbacks and uncalled methods, with contexts), from their recorded facts.</summary>
        IReadOnlyList<Entry> ImportedEntries { get; }

        /// <summary>The hrtimer mode of a registration, following a mode kept in a field or local that is only ever assigned one mode.</summary>
        HrtimerModeKnowledge HrtimerMode(Registration registration);
    }
}
