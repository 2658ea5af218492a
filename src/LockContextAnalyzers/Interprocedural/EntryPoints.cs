using System.Collections.Generic;
using System.IO;
using LockContext.Words;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// Where execution starts, strongest source first: a context attribute; a registration call
    /// that hands the method over (CallRcu, TimerSetup, RequestIrq, ...); else, if nothing in the
    /// compilation calls it, an ordinary process-context entry (module init, a syscall).
    /// </summary>
    internal static class EntryPoints
    {
        public static readonly EntryContext Uncalled =
            new EntryContext(ContextKind.Process, "", "process context: nothing in the compilation calls it", null);

        /// <summary>How a library's uncalled method reads in a referencing project: "nothing in Core calls it".</summary>
        public static EntryContext UncalledIn(string assembly) =>
            new EntryContext(ContextKind.Process, "", $"process context: nothing in {assembly} calls it", null);

        public static IEnumerable<Entry> Find(IReadOnlyList<MethodSummary> summaries, ICallResolver calls,
            CallGraph graph, AnalysisOptions options)
        {
            var registered = new HashSet<MethodSummary>();
            // A referenced library's summaries stand for code it already judged: its own entries
            // come recorded (ImportedEntries); only what it registers for a caller is new here.
            foreach (var s in summaries)
                if (s.DeclaredContext != null && s.ImportedFrom == null) yield return new Entry(s, s.DeclaredContext);

            foreach (var s in summaries)
                foreach (var reg in s.Registrations)
                    foreach (var callback in calls.Resolve(reg.Callback))
                    {
                        registered.Add(callback);
                        if (callback.DeclaredContext != null) continue;
                        foreach (var context in ContextsOf(reg, calls.HrtimerMode(reg), options))
                            yield return new Entry(callback, context);
                    }

            foreach (var entry in calls.ImportedEntries) yield return entry;

            if (!options.UncalledAreProcess) yield break;
            foreach (var s in summaries)
                if (s.DeclaredContext == null && s.ImportedFrom == null && !registered.Contains(s) && !graph.IsCalled(s))
                    yield return new Entry(s, Uncalled);
        }

        public static IEnumerable<EntryContext> ContextsOf(Registration reg, HrtimerModeKnowledge mode, AnalysisOptions options)
        {
            if (mode == HrtimerModeKnowledge.Default) mode = options.HrtimerDefaultSoft ? HrtimerModeKnowledge.Soft : HrtimerModeKnowledge.Hard;
            string where = $"registered by {reg.ApiName} at {Where(reg.Location)}";
            switch (reg.Kind)
            {
                case RegistrationKind.RcuCallback:
                    yield return new EntryContext(ContextKind.Softirq, "RCU", RuleWords.RcuCallback + " " + where, reg.Location);
                    break;
                case RegistrationKind.Timer:
                    yield return new EntryContext(ContextKind.Softirq, "TIMER", RuleWords.TimerCallback + " " + where, reg.Location);
                    break;
                case RegistrationKind.Tasklet:
                    yield return new EntryContext(ContextKind.Softirq, "TASKLET", RuleWords.Tasklet + " " + where, reg.Location);
                    break;
                case RegistrationKind.Napi:
                    yield return new EntryContext(ContextKind.Softirq, "NET_RX", RuleWords.NapiPoll + " " + where, reg.Location);
                    break;
                case RegistrationKind.Hrtimer:
                    var alternatives = mode == HrtimerModeKnowledge.Unknown ? new object() : null;
                    string unknown = alternatives == null ? "" : " (mode not known: assumed either)";
                    if (mode != HrtimerModeKnowledge.Soft)
                        yield return new EntryContext(ContextKind.Hardirq, "", RuleWords.HardHrtimerCallback + " " + where + unknown, reg.Location, alternatives);
                    if (mode != HrtimerModeKnowledge.Hard)
                        yield return new EntryContext(ContextKind.Softirq, "HRTIMER", RuleWords.SoftHrtimerCallback + " " + where + unknown, reg.Location, alternatives);
                    break;
                case RegistrationKind.Irq:
                case RegistrationKind.ThreadedIrqHandler:
                    yield return new EntryContext(ContextKind.Hardirq, "", RuleWords.InterruptHandler + " " + where, reg.Location);
                    break;
                case RegistrationKind.ThreadedIrqThread:
                    yield return new EntryContext(ContextKind.Process, "", RuleWords.ThreadedInterruptHandler + " " + where, reg.Location);
                    break;
                case RegistrationKind.Work:
                    yield return new EntryContext(ContextKind.Process, "", RuleWords.WorkItem + " " + where, reg.Location);
                    break;
                case RegistrationKind.Kthread:
                    yield return new EntryContext(ContextKind.Process, "", RuleWords.KernelThread + " " + where, reg.Location);
                    break;
            }
        }

        /// <summary>"WitDriver.cs:41": file name and 1-based line, for messages.</summary>
        public static string Where(Location location)
        {
            var span = location.GetLineSpan();
            return $"{Path.GetFileName(span.Path)}:{span.StartLinePosition.Line + 1}";
        }
    }
}
