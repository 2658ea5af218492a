using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>An RCU pointer followed outside its read-side section on some path (LCA0011), with the first call path that shows it.</summary>
    internal sealed class RcuOutsideSection
    {
        public RcuOutsideSection(RcuDereferenceSite site, CallPath path)
        {
            Site = site;
            CallPath = path;
        }

        public RcuDereferenceSite Site { get; }
        public CallPath CallPath { get; }
    }
}
