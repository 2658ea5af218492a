using System.Collections.Generic;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Rules
{
    /// <summary>How messages and additional locations describe one side of a finding.</summary>
    internal static class SideDescription
    {
        /// <summary>"'WitInodeReplace' at WitDriver.cs:60 (via ReleaseWitFlow -> FreeWitFlow -> WitInodeReplace; RCU callback registered by CallRcu at WitDriver.cs:41)".</summary>
        public static string Of(MarkWitness w) => Of(w.CallPath, w.Location, w.Via);

        /// <param name="through">The calls from the visited method to a site in a callee ("Helper -> Inner"), or empty.</param>
        public static string Of(CallPath path, Location site, string through = "")
        {
            string calls = through.Length == 0 ? "" : $"through {through}; ";
            string via = path.Parent == null ? "" : $"via {path.Chain()}; ";
            return $"'{path.Method.DisplayName}' at {EntryPoints.Where(site)} ({calls}{via}{EntryWords.Of(path.Entry.Context)})";
        }

        /// <summary>The other side's site, how its context was fixed (the registration, or its entry), and this side's entry.</summary>
        public static IEnumerable<Location> AdditionalLocations(MarkWitness here, MarkWitness other)
        {
            var seen = new HashSet<Location>();
            foreach (var l in new[]
            {
                other.Location,
                other.CallPath.Entry.Context.Registration ?? other.CallPath.Entry.Method.Location,
                here.Holder,
                here.CallPath.Entry.Method.Location,
            })
                if (l != null && l != here.Location && seen.Add(l)) yield return l;
        }
    }
}
