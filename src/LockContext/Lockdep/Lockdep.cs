using System;

namespace LockContext
{
    /// <summary>
    /// The run-time lock validator: lockdep for the model. While it is on, every acquisition,
    /// release, bh/irq re-enable and sleep of modeled code is judged by the rules the analyzers
    /// apply statically (LCA0001-LCA0008, ../docs/rules), with the same IDs and words.
    /// Off by default; when off, each model call pays one flag check.
    /// </summary>
    /// <remarks>
    /// Turn it on in code with <see cref="Enable"/>, or for a whole process with the runtime switch
    /// <c>LockContext.Lockdep</c> (in a project: <c>&lt;RuntimeHostConfigurationOption Include="LockContext.Lockdep" Value="true" /&gt;</c>),
    /// which logs reports to standard error.
    /// </remarks>
    public static class Lockdep
    {
        /// <summary>The <see cref="AppContext"/> switch that turns the validator on at start, logging to stderr.</summary>
        public const string Switch = "LockContext.Lockdep";

        private static volatile LockdepSink? sink = FromSwitch();

        /// <summary>True while the validator is on.</summary>
        public static bool IsEnabled => sink != null;

        /// <summary>Turns the validator on, sending reports to <paramref name="reportTo"/> (default: throw).</summary>
        public static void Enable(LockdepSink? reportTo = null) => sink = reportTo ?? LockdepSink.Throw();

        /// <summary>Turns it off. What it learnt (classes, marks, dependencies) is kept until <see cref="Reset"/>.</summary>
        public static void Disable() => sink = null;

        /// <summary>Forgets every mark, dependency and reported finding (between independent tests).</summary>
        public static void Reset() => LockdepValidator.Reset();

        internal static LockdepSink? Sink => sink;

        private static LockdepSink? FromSwitch() =>
            AppContext.TryGetSwitch(Switch, out bool on) && on ? LockdepSink.Log(Console.Error) : null;
    }
}
