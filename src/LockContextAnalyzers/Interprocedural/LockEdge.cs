using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>"While holding From, the code takes To": one edge of lockdep's dependency graph, with the first site that showed it.</summary>
    internal sealed class LockEdge
    {
        public LockEdge(LockClass from, LockClass to, Location site, Location holderSite, bool fromRead, bool toRead, string via, CallPath path,
            Location? call = null)
        {
            Call = call;
            From = from;
            To = to;
            Location = site;
            HolderLocation = holderSite;
            FromRead = fromRead;
            ToRead = toRead;
            Via = via;
            CallPath = path;
        }

        public LockClass From { get; }
        public LockClass To { get; }

        /// <summary>The acquisition of <see cref="To"/> (in a callee when the edge crosses a call).</summary>
        public Location Location { get; }

        /// <summary>The call, in the holder's method, that leads to <see cref="Location"/>; null within one method.</summary>
        public Location? Call { get; }

        /// <summary>The acquisition of <see cref="From"/> that is held.</summary>
        public Location HolderLocation { get; }

        public bool FromRead { get; }
        public bool ToRead { get; }

        /// <summary>The call chain from the holder's method to the acquisition: "Helper -> Inner", empty within one method.</summary>
        public string Via { get; }

        /// <summary>The call path of the method that holds <see cref="From"/>.</summary>
        public CallPath CallPath { get; }
    }
}
