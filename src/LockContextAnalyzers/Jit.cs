using System.Runtime.CompilerServices;

namespace LockContextAnalyzers
{
    /// <summary>
    /// For code that runs long but seldom: the loops that run once per compilation, and the
    /// whole-program passes and walk (and the small helpers they call per summary or per visit),
    /// which an IDE runs once when the project opens and then once per edit that changes a lock
    /// fact. The runtime only starts counting calls towards optimized code once it has jitted
    /// nothing new for a while, which never happens during such a run; so in a command-line build,
    /// and in the first fact-changing edits after a project opens, they ran in unoptimized code.
    /// `AggressiveOptimization` (512; netstandard2.0's enum lacks the name) jits them optimized at
    /// once. Measured: in a real build at 20k methods the syntactic pass and the walk 10-15% faster;
    /// a fact-changing edit at 50k methods spends 103-142 ms in the analysis instead of 170-187
    /// (with the transitive acquisitions beside the entries: benchmarks/README.md, item 32).
    /// </summary>
    internal static class Jit
    {
        public const MethodImplOptions Optimized = (MethodImplOptions)512;
    }
}
