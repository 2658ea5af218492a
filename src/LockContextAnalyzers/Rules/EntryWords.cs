using LockContext.Words;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.Rules
{
    /// <summary>
    /// How an entry's context was found, in the words every message uses: "RCU callback registered
    /// by CallRcu at WitDriver.cs:41", "softirq context by its [SoftirqContext] attribute",
    /// "process context: nothing in the compilation calls it". The callback words are the run-time
    /// validator's too (<see cref="RuleWords"/>).
    /// </summary>
    internal static class EntryWords
    {
        public static string Of(EntryContext context) => context.Cause switch
        {
            EntryCause.Registration => $"{Callback(context)} registered by {context.ApiName} at {EntryPoints.Where(context.Registration!)}"
                + (context.Alternatives != null ? " (mode not known: assumed either)" : ""),
            EntryCause.Attribute => $"{AttributeContext(context.AttributeName)} by its [{context.AttributeName}] attribute",
            EntryCause.Uncalled => $"process context: nothing in {context.Assembly ?? "the compilation"} calls it",
            _ => context.RecordedWords,
        };

        private static string Callback(EntryContext context) => context.Registered switch
        {
            RegistrationKind.RcuCallback => RuleWords.RcuCallback,
            RegistrationKind.Timer => RuleWords.TimerCallback,
            RegistrationKind.Tasklet => RuleWords.Tasklet,
            RegistrationKind.Napi => RuleWords.NapiPoll,
            RegistrationKind.Hrtimer => context.Kind == ContextKind.Hardirq ? RuleWords.HardHrtimerCallback : RuleWords.SoftHrtimerCallback,
            RegistrationKind.Irq or RegistrationKind.ThreadedIrqHandler => RuleWords.InterruptHandler,
            RegistrationKind.ThreadedIrqThread => RuleWords.ThreadedInterruptHandler,
            RegistrationKind.Work => RuleWords.WorkItem,
            _ => RuleWords.KernelThread,
        };

        private static string AttributeContext(string attribute) => attribute switch
        {
            "RcuCallback" => "RCU callback",
            "SoftirqContext" => "softirq context",
            "HardirqContext" => "hardirq context",
            _ => "process context",
        };
    }
}
