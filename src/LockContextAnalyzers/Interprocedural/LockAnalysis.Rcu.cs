using System.Collections.Generic;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>lockdep-RCU's check, path by path: a dereference needs a section opened here or by every caller on the way.</summary>
    internal sealed partial class LockAnalysis
    {
        private readonly HashSet<Microsoft.CodeAnalysis.Location> rcuSites = new HashSet<Microsoft.CodeAnalysis.Location>();

        public List<RcuOutsideSection> RcuOutsideSections { get; } = new List<RcuOutsideSection>();

        /// <summary>
        /// <c>RcuDereference</c> needs an RCU read-side section; <c>RcuDereferenceBh</c> an RCU-bh one, or bottom
        /// halves or hardirqs off (softirq and hardirq context count). Reported once per site.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private void DereferencesOutsideRcu(CallPath path)
        {
            var state = path.State;
            foreach (var d in path.Method.RcuDereferences)
            {
                if (d.CoveredHere || (d.Bh ? state.BhOff || state.IrqOff : state.InRcu)) continue;
                if (rcuSites.Add(d.Location)) RcuOutsideSections.Add(new RcuOutsideSection(d, path));
            }
        }
    }
}
