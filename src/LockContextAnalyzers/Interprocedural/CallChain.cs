using System.Collections.Generic;
using System.Linq;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>How messages write a chain of calls: "A -> B -> C", keeping the ends of a long one.</summary>
    internal static class CallChain
    {
        private const int Ends = 3;

        /// <summary>Chains are followed at most this far (a bound, not an expected length).</summary>
        public const int MaxLength = 10_000;

        public static string Format(IReadOnlyList<string> names) =>
            names.Count <= 2 * Ends + 1
                ? string.Join(" -> ", names)
                : string.Join(" -> ", names.Take(Ends)) + $" -> ({names.Count - 2 * Ends} more) -> " + string.Join(" -> ", names.Skip(names.Count - Ends));
    }
}
