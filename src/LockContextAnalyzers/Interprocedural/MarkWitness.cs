using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>lockdep's usage bits, without the -READ suffix (kept in <see cref="MarkWitness.Read"/>).</summary>
    internal enum Mark
    {
        InSoftirq,
        InHardirq,
        SoftirqOn,
        HardirqOn,
    }

    /// <summary>The site that gave a class a mark, and how the code got there.</summary>
    internal sealed class MarkWitness
    {
        public MarkWitness(LockClass lockClass, Mark mark, bool read, Location site, string apiName, Acquisition? acquisition, CallPath path,
            Location? holder = null, string via = "", Location? call = null)
        {
            Call = call;
            Holder = holder;
            Via = via;
            Class = lockClass;
            Mark = mark;
            Read = read;
            Location = site;
            ApiName = apiName;
            Acquisition = acquisition;
            CallPath = path;
        }

        public LockClass Class { get; }
        public Mark Mark { get; }
        public bool Read { get; }
        public Location Location { get; }
        public string ApiName { get; }

        /// <summary>The acquisition, or null where a re-enable of bh/irqs set the mark.</summary>
        public Acquisition? Acquisition { get; }

        public CallPath CallPath { get; }

        /// <summary>Where a re-enable in a callee set the mark: the caller's acquisition of the held lock; otherwise null.</summary>
        public Location? Holder { get; }

        /// <summary>Where a re-enable in a callee set the mark: the call, in the holder's method, that leads to it.</summary>
        public Location? Call { get; }

        /// <summary>The calls from the visited method to <see cref="Location"/> ("Helper -> Inner"); empty where the site is in the method itself.</summary>
        public string Via { get; }
    }
}
