using System.Collections.Generic;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// A place that enables bottom halves (a <c>_bh</c> acquisition, whose release will, or
    /// <c>LocalBhEnable</c>) reached in hardirq context or with hardirqs disabled.
    /// </summary>
    internal sealed class BhInIrqOff
    {
        public BhInIrqOff(Location site, string apiName, Acquisition? acquisition, CallPath path)
        {
            Location = site;
            ApiName = apiName;
            Acquisition = acquisition;
            CallPath = path;
        }

        public Location Location { get; }
        public string ApiName { get; }
        public Acquisition? Acquisition { get; }
        public CallPath CallPath { get; }

        /// <summary>True in hardirq context; false where process or softirq code has hardirqs disabled.</summary>
        public bool InHardirq => CallPath.State.Kind == ContextKind.Hardirq;
    }
}
