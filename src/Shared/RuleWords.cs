namespace LockContext.Words
{
    /// <summary>
    /// The words users read, in one place for the analyzer and the run-time validator: rule IDs,
    /// message formats, the phrases messages share, and how a lock call is released. Compiled into
    /// both assemblies as a linked source (src/Shared), internal to each; the judgement itself is
    /// coded twice on purpose (the differential tests compare the two), the words once.
    /// </summary>
    internal static class RuleWords
    {
        public const string SoftirqUnsafeLock = "LCA0001";
        public const string HardirqUnsafeLock = "LCA0002";
        public const string BhInHardirq = "LCA0003";
        public const string LockOrderInversion = "LCA0004";
        public const string IrqSafeToUnsafe = "LCA0005";
        public const string RecursiveLocking = "LCA0006";
        public const string SleepInAtomic = "LCA0007";
        public const string UnbalancedRelease = "LCA0008";
        public const string ContradictedAttribute = "LCA0009";
        public const string LockNotHeld = "LCA0010";
        public const string RcuDereferenceOutsideReadSide = "LCA0011";

        // Message formats: the descriptors' messageFormat, and what the validator fills in with run-time sides.
        public const string SoftirqUnsafeLockFormat = "Lock '{0}' {1} in {2}, and is also taken in softirq context in {3}: a softirq that interrupts the holder on this CPU spins on it forever";
        public const string HardirqUnsafeLockFormat = "Lock '{0}' {1} in {2}, and is also taken in hardirq context in {3}: an interrupt that arrives on this CPU while it is held spins on it forever";
        public const string BhInHardirqFormat = "{0} runs {1} in {2}: {3} bottom halves there, which the kernel forbids (WARN in __local_bh_enable_ip)";
        public const string LockOrderInversionFormat = "Lock '{0}' is taken while '{1}' is held in {2}, but the opposite order exists too: {3}; two CPUs taking them in opposite orders wait for each other forever";
        public const string IrqSafeToUnsafeFormat = "Lock '{0}' is taken while '{1}' is held in {2}{3}; '{4}' is used in {5} context ({6}), but '{0}' is taken with {5}s enabled ({7}): a {5} on a CPU that holds '{0}' can spin on '{4}' while its holder waits for '{0}'";
        public const string RecursiveLockingFormat = "Lock '{0}' is taken in {1} while this path already holds it (taken at {2}): the lock does not nest, so this CPU waits for itself forever";
        public const string SleepInAtomicFormat = "'{0}' may sleep ({1}) but is called {2} in {3}: sleeping there is a kernel bug (BUG: sleeping function called from invalid context)";
        public const string UnbalancedReleaseFormat = "{0} in {1}: {2}";
        public const string ContradictedAttributeFormat = "'{0}' says it runs in {1}, but it is {2}";
        public const string LockNotHeldFormat = "{0} without lock '{1}' held{2} in {3}: {4}";
        public const string RcuDereferenceOutsideReadSideFormat = "RCU pointer '{0}' is dereferenced by {1} outside {2} in {3}: {4}";

        // What a context is called, by where its code was registered (both sides' messages name sides so).
        public const string RcuCallback = "RCU callback";
        public const string TimerCallback = "timer callback";
        public const string Tasklet = "tasklet";
        public const string NapiPoll = "NAPI poll";
        public const string SoftHrtimerCallback = "soft hrtimer callback";
        public const string HardHrtimerCallback = "hard hrtimer callback";
        public const string InterruptHandler = "interrupt handler";
        public const string ThreadedInterruptHandler = "threaded interrupt handler";
        public const string WorkItem = "work item";
        public const string KernelThread = "kernel thread";

        // LCA0011's sections and consequence.
        public const string RcuReadSide = "an RCU read-side section (RcuReadLock, Guard.RcuRead)";
        public const string RcuBhReadSide = "an RCU-bh read-side section (RcuReadLockBh, Guard.RcuReadBh, or bottom halves or hardirqs off)";
        public const string RcuFreedWhileUsed = "the object it points to can be freed while it is used, since nothing holds the grace period back";

        // LCA0010's consequences.
        public const string DataChangedMeanwhile = "another CPU can change the data in the middle of this access";
        public const string AssertCountsOnTheLock = "the code after it counts on the lock, and another CPU can change what it protects";
        public const string MustHoldCountsOnTheLock = "its body counts on the lock, and another CPU can change what it protects meanwhile";
        public const string UpdatersAtOnce = "two updaters can run at once, and one's object is lost or freed while still published";

        /// <summary>LCA0007's why, by what makes the point atomic (the names of the analyzer's AtomicKind).</summary>
        public static string Atomic(string kind, string? lockName) => kind switch
        {
            "SpinlockHeld" => $"with spinlock '{lockName}' held",
            "HardirqsOff" => "with hardirqs disabled",
            "BhOff" => "with bottom halves disabled",
            "RcuReadSide" => "inside an RCU read-side section",
            "Hardirq" => "in hardirq context",
            _ => "in softirq context",
        };

        /// <summary>LCA0010's "how": " exclusively" for a write, " for reading" for a read assert, nothing otherwise.</summary>
        public static string HeldMode(bool exclusive, bool forReading) => exclusive ? " exclusively" : forReading ? " for reading" : "";

        /// <summary>LCA0008: what a release of the wrong variant leaves behind, by the acquisition's variant ("Bh", "Irq", "IrqSave", ...).</summary>
        public static string MismatchedRelease(string variant) => variant switch
        {
            "Bh" => "as written, bottom halves stay disabled after it",
            "Irq" or "IrqSave" => "as written, the interrupt state is not put back",
            _ => "as written, it changes bh or interrupt state that the acquisition never changed",
        };

        /// <summary>The release that pairs with an acquisition call: SpinLockIrqSave -> SpinUnlockIrqRestore, Guard.ReadLockBh -> ReadUnlockBh, MutexLock -> MutexUnlock.</summary>
        public static string MatchingRelease(string api)
        {
            string s = api.StartsWith("Guard.", System.StringComparison.Ordinal) ? api.Substring("Guard.".Length) : api;
            if (s == "Mutex" || s.StartsWith("Mutex", System.StringComparison.Ordinal)) return "MutexUnlock";
            s = s.Replace("Trylock", "Lock");
            int at = s.IndexOf("Lock", System.StringComparison.Ordinal);
            if (at >= 0) s = s.Substring(0, at) + "Unlock" + s.Substring(at + 4);
            return s.Replace("IrqSave", "IrqRestore");
        }
    }
}
