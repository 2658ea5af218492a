using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>An RCU-protected pointer followed by <c>RcuDereference</c> or <c>RcuDereferenceBh</c> (LCA0011).</summary>
    internal sealed class RcuDereferenceSite
    {
        public RcuDereferenceSite(string apiName, bool bh, string pointer, Location location, bool coveredHere)
        {
            ApiName = apiName;
            Bh = bh;
            Pointer = pointer;
            Location = location;
            CoveredHere = coveredHere;
        }

        public string ApiName { get; }

        /// <summary><c>RcuDereferenceBh</c>: an RCU-bh section, or bh or irqs off, covers it.</summary>
        public bool Bh { get; }

        /// <summary><c>Type.field</c> of the pointer, or the expression as written.</summary>
        public string Pointer { get; }

        public Location Location { get; }

        /// <summary>The method itself covers it on every path (its own section, or bh/irqs off for the bh form).</summary>
        public bool CoveredHere { get; }
    }
}
