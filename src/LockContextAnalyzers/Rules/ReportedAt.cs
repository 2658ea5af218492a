using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>
    /// Where a finding is reported in this compilation. A site in a referenced library (from its
    /// recorded facts) cannot carry a squiggle here: the finding goes to this compilation's call
    /// that leads into the library. Where no code of this compilation is on the way (both sides
    /// run from the library's own entries), the library's own build reports it, not this one.
    /// </summary>
    internal static class ReportedAt
    {
        /// <summary>
        /// Claims the finding's own site and, when it is reported elsewhere, that place too: several
        /// library sites can meet at one call here, and a place carries one of the claiming findings.
        /// </summary>
        public static bool Claim(System.Collections.Generic.ISet<Location> claimed, Location site, Location at) =>
            claimed.Add(site) && (at == site || claimed.Add(at));

        public static Location? Of(Location site, CallPath path)
        {
            if (site.IsInSource) return site;
            for (var p = path; p != null; p = p.Parent)
                if (p.CallSite is { IsInSource: true } call) return call;
            return null;
        }

        /// <summary>A re-enable in a library that marks a lock held here: at the call into the library.</summary>
        public static Location? Of(MarkWitness w) =>
            !w.Location.IsInSource && w.Call is { IsInSource: true } call ? call : Of(w.Location, w.CallPath);

        /// <summary>
        /// An edge taken in a library under a lock held here: at the call into the library. An edge
        /// whose both ends are in a library is the library's own (its build judges it).
        /// </summary>
        public static Location? Of(LockEdge e) =>
            e.Location.IsInSource ? e.Location
            : e.HolderLocation.IsInSource ? e.Call ?? e.HolderLocation
            : null;
    }
}
