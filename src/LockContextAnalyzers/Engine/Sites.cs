using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Engine
{
    /// <summary>How an acquisition or release treats bottom halves and hardirqs.</summary>
    public enum LockVariant
    {
        Plain,
        Bh,
        Irq,
        IrqSave,
    }

    /// <summary>Whether a lock is a spinning lock taken exclusively, for reading, or a sleeping mutex.</summary>
    public enum LockMode
    {
        Exclusive,
        Read,
        Sleeping,
    }

    /// <summary>The local state of bottom halves, hardirqs and held locks just before a site, within its method.</summary>
    public readonly struct LocalState
    {
        public LocalState(bool bhOff, bool irqOff, ImmutableArray<int> held, ImmutableArray<int> mustHeld, bool inRcu, bool mayIrqOff = false, bool inRcuEveryPath = false)
        {
            InRcuEveryPath = inRcuEveryPath;
            BhOff = bhOff;
            IrqOff = irqOff;
            MayIrqOff = mayIrqOff || irqOff;
            Held = held;
            MustHeld = mustHeld;
            InRcu = inRcu;
        }

        /// <summary>Bottom halves are disabled here on every path through this method.</summary>
        public bool BhOff { get; }

        /// <summary>Hardirqs are disabled here on every path through this method.</summary>
        public bool IrqOff { get; }

        /// <summary>
        /// Hardirqs are disabled here on some path through this method: enabling bottom halves there
        /// is the kernel's WARN on that path (LCA0003), whatever the other paths do.
        /// </summary>
        public bool MayIrqOff { get; }

        /// <summary>Acquisition ids (within the method) that some path holds here.</summary>
        public ImmutableArray<int> Held { get; }

        /// <summary>Acquisition ids that every path holds here: what lock order and recursion are judged on.</summary>
        public ImmutableArray<int> MustHeld { get; }

        /// <summary>Some path is inside an RCU read-side section here.</summary>
        public bool InRcu { get; }

        /// <summary>Every path is inside an RCU read-side section here (what a dereference needs).</summary>
        public bool InRcuEveryPath { get; }
    }

    /// <summary>A lock call or guard: where a lock is taken.</summary>
    public sealed class Acquisition
    {
        public Acquisition(int id, LockRef lockRef, LockVariant variant, LockMode mode, bool isTry, bool isGuard,
            string apiName, Location location, LocalState before, bool isContract = false)
        {
            IsContract = isContract;
            Id = id;
            Lock = lockRef;
            Variant = variant;
            Mode = mode;
            IsTry = isTry;
            IsGuard = isGuard;
            ApiName = apiName;
            Location = location;
            Before = before;
        }

        public int Id { get; }
        public LockRef Lock { get; }
        public LockVariant Variant { get; }
        public LockMode Mode { get; }
        public bool IsTry { get; }
        public bool IsGuard { get; }

        /// <summary>A call to an <c>[Acquires]</c> method: the lock is held after it, but the callee's own acquisition carries the marks.</summary>
        public bool IsContract { get; }

        /// <summary>The model's name of the call, e.g. <c>SpinLock</c> or <c>Guard.SpinLock</c>.</summary>
        public string ApiName { get; }

        public Location Location { get; }

        /// <summary>The method-local state before the call (the variant's own effect not included).</summary>
        public LocalState Before { get; }

        /// <summary>Bottom halves are off while the lock is taken: before, or by a bh/irq variant.</summary>
        public bool BhOffAtAcquire => Before.BhOff || Variant != LockVariant.Plain;

        public bool IrqOffAtAcquire => Before.IrqOff || Variant == LockVariant.Irq || Variant == LockVariant.IrqSave;

        /// <summary>Release calls that end this acquisition on some path, for the code fixes.</summary>
        public ImmutableArray<Location>.Builder Releases { get; } = ImmutableArray.CreateBuilder<Location>();
    }

    /// <summary>A point where bottom halves or hardirqs come back on while locks may be held.</summary>
    public sealed class Reenable
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

    /// <summary>A call to code in the compilation (resolved to methods by the call graph).</summary>
    public sealed class CallSite
    {
        public CallSite(CallTarget target, ImmutableArray<LockRef?> lockArguments, Location location, LocalState before)
        {
            Target = target;
            LockArguments = lockArguments;
            Location = location;
            Before = before;
        }

        public CallTarget Target { get; }

        /// <summary>Per parameter ordinal of the callee, the lock passed there (null where not a lock).</summary>
        public ImmutableArray<LockRef?> LockArguments { get; }

        public Location Location { get; }
        public LocalState Before { get; }
    }

    /// <summary>What a call invokes: a method (maybe virtual), or a delegate.</summary>
    public sealed class CallTarget
    {
        private CallTarget(IMethodSymbol? method, bool isVirtual, ISymbol? delegateStore, ITypeSymbol? delegateType, ISymbol? receiverStore)
        {
            Method = method;
            IsVirtual = isVirtual;
            DelegateStore = delegateStore;
            DelegateType = delegateType;
            ReceiverStore = receiverStore;
        }

        public IMethodSymbol? Method { get; }
        public bool IsVirtual { get; }

        /// <summary>For a delegate invocation: the field, property, local or parameter that holds it, if any.</summary>
        public ISymbol? DelegateStore { get; }
        public ITypeSymbol? DelegateType { get; }

        /// <summary>For a virtual call: the field, property or local the receiver is read from, whose created types narrow the targets.</summary>
        public ISymbol? ReceiverStore { get; }

        public static CallTarget Direct(IMethodSymbol method, bool isVirtual, ISymbol? receiverStore = null) =>
            new CallTarget(method, isVirtual, null, null, isVirtual ? receiverStore : null);

        public static CallTarget Delegate(ISymbol? store, ITypeSymbol? type) => new CallTarget(null, false, store, type, null);
    }

    /// <summary>The kind of context a registration call hands its callback.</summary>
    public enum RegistrationKind
    {
        RcuCallback,
        Timer,
        Tasklet,
        Napi,
        Hrtimer,
        Irq,
        ThreadedIrqHandler,
        ThreadedIrqThread,
        Work,
        Kthread,
    }

    /// <summary>A registration call (CallRcu, TimerSetup, ...): fixes the context its callback runs in.</summary>
    public sealed class Registration
    {
        public Registration(RegistrationKind kind, string apiName, CallTarget callback, HrtimerModeKnowledge hrtimerMode,
            ISymbol? hrtimerModeSource, Location location)
        {
            Kind = kind;
            ApiName = apiName;
            Callback = callback;
            HrtimerMode = hrtimerMode;
            HrtimerModeSource = hrtimerModeSource;
            Location = location;
        }

        public RegistrationKind Kind { get; }
        public string ApiName { get; }

        /// <summary>The callback: a method (group or lambda) or a delegate store to resolve.</summary>
        public CallTarget Callback { get; }

        /// <summary>The mode argument when it is a constant; Unknown when it comes from <see cref="HrtimerModeSource"/> or elsewhere.</summary>
        public HrtimerModeKnowledge HrtimerMode { get; }

        /// <summary>The field or local the mode argument was read from, whose assigned values decide it.</summary>
        public ISymbol? HrtimerModeSource { get; }

        public Location Location { get; }
    }

    /// <summary>What the analysis knows of an hrtimer's mode.</summary>
    public enum HrtimerModeKnowledge
    {
        NotHrtimer,
        Hard,
        Soft,

        /// <summary><c>Abs</c> or <c>Rel</c>: hard unless the project says its kernel defaults to soft.</summary>
        Default,

        /// <summary>Not known statically: the callback is analysed in both contexts.</summary>
        Unknown,
    }
}

namespace LockContextAnalyzers.Engine
{
    /// <summary>A call that may sleep by itself: MutexLock, Msleep, SynchronizeRcu, MightSleep, a [MightSleep] method.</summary>
    public sealed class SleepSite
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

    public enum BalanceKind
    {
        /// <summary>A release of a lock that no path through the method holds.</summary>
        NotHeld,

        /// <summary>A release of a lock that some path reaches without holding it.</summary>
        NotHeldOnSomePath,

        /// <summary>A release in another variant than the acquisition (SpinLockBh released by SpinUnlock).</summary>
        VariantMismatch,

        /// <summary>An acquisition still held when the method returns.</summary>
        LeftOpen,

        /// <summary>An irqrestore given flags saved by another acquisition's irqsave, or by LocalIrqSave.</summary>
        FlagsFromAnotherSave,
    }

    /// <summary>A release that does not match its acquisition, found within one method (LCA0008).</summary>
    public sealed class BalanceIssue
    {
        public BalanceIssue(BalanceKind kind, Location location, string apiName, Acquisition? acquisition, string? matchingRelease)
        {
            Kind = kind;
            Location = location;
            ApiName = apiName;
            Acquisition = acquisition;
            MatchingRelease = matchingRelease;
        }

        public BalanceKind Kind { get; }

        /// <summary>The release, or for <see cref="BalanceKind.LeftOpen"/> the acquisition.</summary>
        public Location Location { get; }

        public string ApiName { get; }
        public Acquisition? Acquisition { get; }

        /// <summary>For a mismatch: the release that matches the acquisition ("SpinUnlockBh").</summary>
        public string? MatchingRelease { get; }
    }
}
