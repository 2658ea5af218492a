using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    internal enum ApiKind
    {
        Acquire,
        Release,
        BhDisable,
        BhEnable,
        IrqDisable,
        IrqEnable,
        IrqSave,
        IrqRestore,
        RcuReadLock,
        RcuReadUnlock,
        Sleep,
        Register,
        RcuDereference,
        RcuDereferenceProtected,
        RcuAssign,
        RcuReplace,
        AssertHeld,
        /// <summary>Waits for a callback's run to end (<c>del_timer_sync</c>, <c>flush_work</c>): see <see cref="ApiCall.WaitsFor"/>.</summary>
        WaitForCallback,
    }

    /// <summary>What one method of the model's API does, as far as the analysis cares.</summary>
    internal sealed class ApiCall
    {
        public ApiCall(ApiKind kind, string name, LockVariant variant = LockVariant.Plain, LockMode mode = LockMode.Exclusive,
            bool isTry = false, bool isGuard = false, bool alsoBh = false, ImmutableArray<(int Ordinal, RegistrationKind Kind)> callbacks = default,
            HoldNeeded needs = HoldNeeded.Any, RegistrationKind? waitsFor = null, bool alsoSleeps = false)
        {
            WaitsFor = waitsFor;
            AlsoSleeps = alsoSleeps;
            Needs = needs;
            Kind = kind;
            Name = name;
            Variant = variant;
            Mode = mode;
            IsTry = isTry;
            IsGuard = isGuard;
            AlsoBh = alsoBh;
            Callbacks = callbacks.IsDefault ? ImmutableArray<(int, RegistrationKind)>.Empty : callbacks;
        }

        public ApiKind Kind { get; }
        public string Name { get; }
        public LockVariant Variant { get; }
        public LockMode Mode { get; }
        public bool IsTry { get; }
        public bool IsGuard { get; }

        /// <summary>For the RCU read-side calls: the <c>_bh</c> form, which also disables bottom halves.</summary>
        public bool AlsoBh { get; }

        /// <summary>For the calls that need a lock held (asserts, RCU updates): how it must be held.</summary>
        public HoldNeeded Needs { get; }

        /// <summary>
        /// For the calls that wait for a callback's run to end, and for the registrations whose first
        /// argument is the object such a call names: the registration kind of that callback. lockdep
        /// gives each timer and work item a map of its own, held while its callback runs and taken by
        /// the call that waits for it, so a lock held across the wait is ordered before every lock the
        /// callback takes.
        /// </summary>
        public RegistrationKind? WaitsFor { get; }

        /// <summary>For a wait: it may sleep too (<c>flush_work</c>; <c>del_timer_sync</c> spins).</summary>
        public bool AlsoSleeps { get; }

        /// <summary>For registrations: which argument is a callback, and the context it gets.</summary>
        public ImmutableArray<(int Ordinal, RegistrationKind Kind)> Callbacks { get; }
    }

    /// <summary>
    /// The model's API as symbols of one compilation, looked up once in compilation start. The
    /// analysis recognises calls by symbol identity, never by name text, so a user's own
    /// <c>SpinLock</c> method is not mistaken for the kernel's.
    /// </summary>
    internal sealed class KernelApi
    {
        private readonly Dictionary<IMethodSymbol, ApiCall> calls = new Dictionary<IMethodSymbol, ApiCall>(SymbolEqualityComparer.Default);
        private readonly HashSet<ITypeSymbol> lockTypes = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);

        private KernelApi(Compilation compilation, INamedTypeSymbol kernel)
        {
            Kernel = kernel;
            Guard = compilation.GetTypeByMetadataName("LockContext.Guard");
            LockGuard = compilation.GetTypeByMetadataName("LockContext.LockGuard");
            Spinlock = compilation.GetTypeByMetadataName("LockContext.Spinlock");
            Rwlock = compilation.GetTypeByMetadataName("LockContext.Rwlock");
            KernelMutex = compilation.GetTypeByMetadataName("LockContext.KernelMutex");
            TimerList = compilation.GetTypeByMetadataName("LockContext.TimerList");
            WorkStruct = compilation.GetTypeByMetadataName("LockContext.WorkStruct");
            foreach (var t in new[] { Spinlock, Rwlock, KernelMutex })
                if (t != null) lockTypes.Add(t);
            SoftirqContextAttribute = compilation.GetTypeByMetadataName("LockContext.SoftirqContextAttribute");
            RcuCallbackAttribute = compilation.GetTypeByMetadataName("LockContext.RcuCallbackAttribute");
            HardirqContextAttribute = compilation.GetTypeByMetadataName("LockContext.HardirqContextAttribute");
            ProcessContextAttribute = compilation.GetTypeByMetadataName("LockContext.ProcessContextAttribute");
            LockClassAttribute = compilation.GetTypeByMetadataName("LockContext.LockClassAttribute");
            MightSleepAttribute = compilation.GetTypeByMetadataName("LockContext.MightSleepAttribute");
            HrTimerMode = compilation.GetTypeByMetadataName("LockContext.HrTimerMode");
            AcquiresAttribute = compilation.GetTypeByMetadataName("LockContext.AcquiresAttribute");
            ReleasesAttribute = compilation.GetTypeByMetadataName("LockContext.ReleasesAttribute");
            MustHoldAttribute = compilation.GetTypeByMetadataName("LockContext.MustHoldAttribute");
            GuardedByAttribute = compilation.GetTypeByMetadataName("LockContext.GuardedByAttribute");
            AcquiresWhenAttribute = compilation.GetTypeByMetadataName("LockContext.AcquiresWhenAttribute");
            RcuPointer = compilation.GetTypeByMetadataName("LockContext.RcuPointer`1");

            foreach (var (name, call) in KernelCalls()) Add(kernel, name, call);
            if (Guard != null)
                foreach (var (name, call) in GuardCalls()) Add(Guard, name, call);
            // The calls, and every public type with the short names of the attributes: a body that
            // declares a lock or carries a contract attribute names no call.
            var names = ImmutableHashSet.CreateBuilder<string>();
            foreach (var m in calls.Keys) names.Add(m.Name);
            foreach (var type in kernel.ContainingNamespace.GetTypeMembers())
            {
                if (type.DeclaredAccessibility != Accessibility.Public) continue;
                names.Add(type.Name);
                if (type.Name.EndsWith("Attribute", System.StringComparison.Ordinal)) names.Add(type.Name.Substring(0, type.Name.Length - "Attribute".Length));
            }
            Names = names.ToImmutable();
        }

        public INamedTypeSymbol Kernel { get; }
        public INamedTypeSymbol? Guard { get; }
        public INamedTypeSymbol? LockGuard { get; }
        public INamedTypeSymbol? Spinlock { get; }
        public INamedTypeSymbol? Rwlock { get; }
        public INamedTypeSymbol? KernelMutex { get; }
        public INamedTypeSymbol? TimerList { get; }
        public INamedTypeSymbol? WorkStruct { get; }

        /// <summary>For a timer or work type: the kind of callback a wait on it waits for (its map's kind).</summary>
        public RegistrationKind? WaitedKindOf(ITypeSymbol? type) =>
            type == null ? null
            : SymbolEqualityComparer.Default.Equals(type, TimerList) ? RegistrationKind.Timer
            : SymbolEqualityComparer.Default.Equals(type, WorkStruct) ? RegistrationKind.Work
            : null;
        public INamedTypeSymbol? SoftirqContextAttribute { get; }
        public INamedTypeSymbol? RcuCallbackAttribute { get; }
        public INamedTypeSymbol? HardirqContextAttribute { get; }
        public INamedTypeSymbol? ProcessContextAttribute { get; }
        public INamedTypeSymbol? LockClassAttribute { get; }
        public INamedTypeSymbol? MightSleepAttribute { get; }
        public INamedTypeSymbol? HrTimerMode { get; }
        public INamedTypeSymbol? AcquiresAttribute { get; }
        public INamedTypeSymbol? ReleasesAttribute { get; }
        public INamedTypeSymbol? MustHoldAttribute { get; }
        public INamedTypeSymbol? GuardedByAttribute { get; }
        public INamedTypeSymbol? AcquiresWhenAttribute { get; }
        public INamedTypeSymbol? RcuPointer { get; }

        public bool IsRcuPointer(ITypeSymbol? type) =>
            RcuPointer != null && type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, RcuPointer);

        /// <summary>The model's assembly: a library that does not reference it has no lock facts.</summary>
        public const string ModelAssembly = "LockContext";

        /// <summary>Null when the compilation does not reference the model: then the analyzers do nothing.</summary>
        public static KernelApi? TryCreate(Compilation compilation)
        {
            var kernel = compilation.GetTypeByMetadataName("LockContext.Kernel");
            return kernel == null ? null : new KernelApi(compilation, kernel);
        }

        /// <summary>
        /// Every name by which code can touch the model: the API's method names, its public types,
        /// and its attributes' short names. What <see cref="RelevantBodies"/> starts from.
        /// </summary>
        public ImmutableHashSet<string> Names { get; }

        public ApiCall? Lookup(IMethodSymbol method) =>
            calls.TryGetValue(method.OriginalDefinition, out var call) ? call : null;

        public bool IsLockType(ITypeSymbol? type) => type != null && lockTypes.Contains(type);

        public bool IsGuardDispose(IMethodSymbol method) =>
            method.Name == nameof(System.IDisposable.Dispose) && method.Parameters.Length == 0
            && (SymbolEqualityComparer.Default.Equals(method.ContainingType, LockGuard)
                || method.ContainingType?.SpecialType == SpecialType.System_IDisposable);

        private void Add(INamedTypeSymbol type, string name, ApiCall call)
        {
            foreach (var member in type.GetMembers(name))
                if (member is IMethodSymbol m) calls[m] = call;
        }

        private static IEnumerable<(string, ApiCall)> KernelCalls()
        {
            foreach (var (prefix, mode) in new[] { ("Spin", LockMode.Exclusive), ("Read", LockMode.Read), ("Write", LockMode.Exclusive) })
            {
                yield return (prefix + "Lock", new ApiCall(ApiKind.Acquire, prefix + "Lock", LockVariant.Plain, mode));
                yield return (prefix + "LockBh", new ApiCall(ApiKind.Acquire, prefix + "LockBh", LockVariant.Bh, mode));
                yield return (prefix + "LockIrq", new ApiCall(ApiKind.Acquire, prefix + "LockIrq", LockVariant.Irq, mode));
                yield return (prefix + "LockIrqSave", new ApiCall(ApiKind.Acquire, prefix + "LockIrqSave", LockVariant.IrqSave, mode));
                yield return (prefix + "Unlock", new ApiCall(ApiKind.Release, prefix + "Unlock", LockVariant.Plain, mode));
                yield return (prefix + "UnlockBh", new ApiCall(ApiKind.Release, prefix + "UnlockBh", LockVariant.Bh, mode));
                yield return (prefix + "UnlockIrq", new ApiCall(ApiKind.Release, prefix + "UnlockIrq", LockVariant.Irq, mode));
                yield return (prefix + "UnlockIrqRestore", new ApiCall(ApiKind.Release, prefix + "UnlockIrqRestore", LockVariant.IrqSave, mode));
                yield return (prefix + "Trylock", new ApiCall(ApiKind.Acquire, prefix + "Trylock", LockVariant.Plain, mode, isTry: true));
            }
            yield return ("SpinTrylockBh", new ApiCall(ApiKind.Acquire, "SpinTrylockBh", LockVariant.Bh, LockMode.Exclusive, isTry: true));
            yield return ("MutexLock", new ApiCall(ApiKind.Acquire, "MutexLock", LockVariant.Plain, LockMode.Sleeping));
            yield return ("MutexTrylock", new ApiCall(ApiKind.Acquire, "MutexTrylock", LockVariant.Plain, LockMode.Sleeping, isTry: true));
            yield return ("MutexUnlock", new ApiCall(ApiKind.Release, "MutexUnlock", LockVariant.Plain, LockMode.Sleeping));
            yield return ("LocalBhDisable", new ApiCall(ApiKind.BhDisable, "LocalBhDisable"));
            yield return ("LocalBhEnable", new ApiCall(ApiKind.BhEnable, "LocalBhEnable"));
            yield return ("LocalIrqDisable", new ApiCall(ApiKind.IrqDisable, "LocalIrqDisable"));
            yield return ("LocalIrqEnable", new ApiCall(ApiKind.IrqEnable, "LocalIrqEnable"));
            yield return ("LocalIrqSave", new ApiCall(ApiKind.IrqSave, "LocalIrqSave"));
            yield return ("LocalIrqRestore", new ApiCall(ApiKind.IrqRestore, "LocalIrqRestore"));
            yield return ("RcuReadLock", new ApiCall(ApiKind.RcuReadLock, "RcuReadLock"));
            yield return ("RcuReadUnlock", new ApiCall(ApiKind.RcuReadUnlock, "RcuReadUnlock"));
            yield return ("RcuReadLockBh", new ApiCall(ApiKind.RcuReadLock, "RcuReadLockBh", alsoBh: true));
            yield return ("RcuReadUnlockBh", new ApiCall(ApiKind.RcuReadUnlock, "RcuReadUnlockBh", alsoBh: true));
            foreach (var sleeper in new[] { "MightSleep", "Msleep", "SynchronizeRcu", "RcuBarrier", "KthreadStop", "TaskletKill", "NapiSynchronize" })
                yield return (sleeper, new ApiCall(ApiKind.Sleep, sleeper));
            yield return ("DelTimerSync", new ApiCall(ApiKind.WaitForCallback, "DelTimerSync", waitsFor: RegistrationKind.Timer));
            yield return ("FlushWork", new ApiCall(ApiKind.WaitForCallback, "FlushWork", waitsFor: RegistrationKind.Work, alsoSleeps: true));
            yield return ("RcuDereference", new ApiCall(ApiKind.RcuDereference, "RcuDereference"));
            yield return ("RcuDereferenceBh", new ApiCall(ApiKind.RcuDereference, "RcuDereferenceBh", alsoBh: true));
            yield return ("RcuDereferenceProtected", new ApiCall(ApiKind.RcuDereferenceProtected, "RcuDereferenceProtected"));
            yield return ("RcuAssignPointer", new ApiCall(ApiKind.RcuAssign, "RcuAssignPointer", needs: HoldNeeded.Exclusive));
            yield return ("RcuReplacePointer", new ApiCall(ApiKind.RcuReplace, "RcuReplacePointer", needs: HoldNeeded.Exclusive));
            yield return ("LockdepAssertHeld", new ApiCall(ApiKind.AssertHeld, "LockdepAssertHeld"));
            yield return ("LockdepAssertHeldWrite", new ApiCall(ApiKind.AssertHeld, "LockdepAssertHeldWrite", needs: HoldNeeded.Exclusive));
            yield return ("LockdepAssertHeldRead", new ApiCall(ApiKind.AssertHeld, "LockdepAssertHeldRead", needs: HoldNeeded.Read));
            yield return Register("CallRcu", (1, RegistrationKind.RcuCallback));
            yield return Register("TimerSetup", RegistrationKind.Timer, (1, RegistrationKind.Timer));
            yield return Register("TaskletSetup", (1, RegistrationKind.Tasklet));
            yield return Register("NetifNapiAdd", (1, RegistrationKind.Napi));
            yield return Register("HrtimerSetup", (1, RegistrationKind.Hrtimer));
            yield return Register("RequestIrq", (1, RegistrationKind.Irq));
            yield return Register("RequestThreadedIrq", (1, RegistrationKind.ThreadedIrqHandler), (2, RegistrationKind.ThreadedIrqThread));
            yield return Register("InitWork", RegistrationKind.Work, (1, RegistrationKind.Work));
            yield return Register("KthreadRun", (0, RegistrationKind.Kthread));
        }

        private static (string, ApiCall) Register(string name, params (int, RegistrationKind)[] callbacks) =>
            (name, new ApiCall(ApiKind.Register, name, callbacks: callbacks.ToImmutableArray()));

        // A registration whose first argument is the object a wait names (TimerSetup's timer, InitWork's work).
        private static (string, ApiCall) Register(string name, RegistrationKind waitedAs, params (int, RegistrationKind)[] callbacks) =>
            (name, new ApiCall(ApiKind.Register, name, callbacks: callbacks.ToImmutableArray(), waitsFor: waitedAs));

        private static IEnumerable<(string, ApiCall)> GuardCalls()
        {
            foreach (var (prefix, mode) in new[] { ("Spin", LockMode.Exclusive), ("Read", LockMode.Read), ("Write", LockMode.Exclusive) })
                foreach (var (suffix, variant) in new[] { ("", LockVariant.Plain), ("Bh", LockVariant.Bh), ("Irq", LockVariant.Irq), ("IrqSave", LockVariant.IrqSave) })
                    yield return (prefix + "Lock" + suffix, new ApiCall(ApiKind.Acquire, "Guard." + prefix + "Lock" + suffix, variant, mode, isGuard: true));
            yield return ("Mutex", new ApiCall(ApiKind.Acquire, "Guard.Mutex", LockVariant.Plain, LockMode.Sleeping, isGuard: true));
            yield return ("RcuRead", new ApiCall(ApiKind.RcuReadLock, "Guard.RcuRead", isGuard: true));
            yield return ("RcuReadBh", new ApiCall(ApiKind.RcuReadLock, "Guard.RcuReadBh", isGuard: true, alsoBh: true));
        }
    }
}
