using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>The kind of context a registration call hands its callback.</summary>
    internal enum RegistrationKind
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
    internal sealed class Registration
    {
        public Registration(RegistrationKind kind, string apiName, CallTarget callback, HrtimerModeKnowledge hrtimerMode,
            object? hrtimerModeSource, Location location, LockRef? waited = null)
        {
            Waited = waited;
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

        /// <summary>The field or local (a <see cref="BodySymbol"/>) the mode argument was read from, whose assigned values decide it.</summary>
        public object? HrtimerModeSource { get; }

        public Location Location { get; }

        /// <summary>
        /// The map of the object registered (TimerSetup's timer, InitWork's work; null for other
        /// kinds, or an object the analysis cannot name): its callback runs holding it, as the
        /// waits on that object take it (<see cref="Acquisition.IsWait"/>).
        /// </summary>
        public LockRef? Waited { get; }
    }

    /// <summary>What the analysis knows of an hrtimer's mode.</summary>
    internal enum HrtimerModeKnowledge
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
