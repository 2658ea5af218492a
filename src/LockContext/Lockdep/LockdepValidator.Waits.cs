using System;

namespace LockContext
{
    /// <summary>
    /// Waiting for a callback, as lockdep sees it: a timer or work item has a map of its own, held
    /// while its callback runs (<c>call_timer_fn</c>, <c>process_one_work</c>) and taken and at once
    /// released by the wait (<c>del_timer_sync</c>, <c>flush_work</c>). The map orders nothing by
    /// itself and gets no usage mark (the kernel takes it with irqs off in the wait); it only links
    /// the locks held at the wait to those the callback takes, which the analyzer judges the same way.
    /// </summary>
    internal static partial class LockdepValidator
    {
        /// <summary>Runs a timer's or work's callback holding its map while the validator is on.</summary>
        public static void RunHoldingMap(LockSite site, object instance, string api, Action callback)
        {
            if (!Lockdep.IsEnabled)
            {
                callback();
                return;
            }
            // Sleeping: a map is no spinlock, so it gets no usage marks and makes nothing atomic.
            var held = Acquiring(site, instance, read: false, LockVariant.Sleeping, api, isTry: false);
            Acquired(held);
            try { callback(); }
            finally { CpuState.Current.LockdepHeld.Remove(held); }
        }

        /// <summary>A wait: the map taken and released at once, so only its recursion and dependencies are judged.</summary>
        public static void WaitsForCallback(LockSite site, object instance, string api) =>
            Acquiring(site, instance, read: false, LockVariant.Sleeping, api, isTry: false);
    }
}
