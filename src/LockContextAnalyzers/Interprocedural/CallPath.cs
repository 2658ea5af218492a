using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>One way a method is reached: from which entry, in what state, through which call.</summary>
    internal sealed class CallPath
    {
        public CallPath(MethodSummary method, CallState state, Entry entry, CallPath? parent, Location? callSite)
        {
            Method = method;
            State = state;
            Entry = entry;
            Parent = parent;
            CallSite = callSite;
        }

        public MethodSummary Method { get; }
        public CallState State { get; }
        public Entry Entry { get; }
        public CallPath? Parent { get; }
        public Location? CallSite { get; }

        /// <summary>"GcThread -> PruneWaitFreeList", the call chain from the entry; long chains keep their ends.</summary>
        public string Chain()
        {
            var names = new System.Collections.Generic.List<string>();
            for (var v = this; v != null; v = v.Parent) names.Add(v.Method.DisplayName);
            names.Reverse();
            return CallChain.Format(names);
        }
    }
}
