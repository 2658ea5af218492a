using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>An RCU pointer followed outside its read-side section on some path (LCA0011), with the first visit that shows it.</summary>
    public sealed class RcuOutsideSection
    {
        public RcuOutsideSection(RcuDereferenceSite site, Visit visit)
        {
            Site = site;
            Visit = visit;
        }

        public RcuDereferenceSite Site { get; }
        public Visit Visit { get; }
    }
}
