using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>A point where bottom halves or hardirqs come back on while locks may be held.</summary>
    internal sealed class Reenable
    {
        public Reenable(bool bh, bool isExplicit, string apiName, Location location, LocalState after, bool beyondEntry)
        {
            Bh = bh;
            BeyondEntry = beyondEntry;
            IsExplicit = isExplicit;
            ApiName = apiName;
            Location = location;
            After = after;
        }

        /// <summary>True for bottom halves, false for hardirqs.</summary>
        public bool Bh { get; }

        /// <summary>A <c>LocalBhEnable()</c> call of its own, not the tail of a lock's release.</summary>
        public bool IsExplicit { get; }

        /// <summary>
        /// It turns bh or irqs on even when the caller had them off (<c>LocalIrqEnable</c>, an <c>_irq</c>
        /// unlock of a lock taken here, a bh enable that undoes no disable of this method): every lock
        /// the callers hold is then held with them on.
        /// </summary>
        public bool BeyondEntry { get; }

        public string ApiName { get; }
        public Location Location { get; }

        /// <summary>The local state just after the call; its <c>BhOff</c>/<c>IrqOff</c> say if an outer region still covers it.</summary>
        public LocalState After { get; }
    }
}
