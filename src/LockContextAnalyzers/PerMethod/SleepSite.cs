using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
}

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>A call that may sleep by itself: MutexLock, Msleep, SynchronizeRcu, MightSleep, a [MightSleep] method.</summary>
    internal sealed class SleepSite
    {
        public SleepSite(string apiName, Location location, LocalState before)
        {
            ApiName = apiName;
            Location = location;
            Before = before;
        }

        public string ApiName { get; }
        public Location Location { get; }
        public LocalState Before { get; }
    }
}
