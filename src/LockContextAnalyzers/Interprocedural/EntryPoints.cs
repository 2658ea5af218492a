using System.Collections.Generic;
using System.IO;
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
        public static readonly EntryContext Uncalled = EntryContext.Uncalled(null);

        /// <summary>A library's uncalled method, as a referencing project sees it: nothing in that library calls it.</summary>
        public static EntryContext UncalledIn(string assembly) => EntryContext.Uncalled(assembly);

        /// <remarks>A list made at once, not an iterator: so that its loops can be jitted optimized (<see cref="Jit"/>).</remarks>
        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        public static List<Entry> Find(IReadOnlyList<MethodSummary> summaries, ICallResolver calls,
            CallGraph graph, AnalysisOptions options)
        {
            var found = new List<Entry>();
            var registered = new HashSet<MethodSummary>();
            // A referenced library's summaries stand for code it already judged: its own entries
            // come recorded (ImportedEntries); only what it registers for a caller is new here.
            foreach (var s in summaries)
                if (s.DeclaredContext != null && s.ImportedFrom == null) found.Add(new Entry(s, s.DeclaredContext));

            foreach (var s in summaries)
                for (int r = 0; r < s.Registrations.Length; r++)
                    foreach (var callback in graph.CallbacksOf(s, r))
                    {
                        var reg = s.Registrations[r];
                        registered.Add(callback);
                        if (callback.DeclaredContext != null) continue;
                        foreach (var context in ContextsOf(reg, calls.HrtimerMode(reg), options))
                            found.Add(new Entry(callback, context));
                    }

            found.AddRange(calls.ImportedEntries);

            if (!options.UncalledAreProcess) return found;
            // Whether it is called first: an array lookup, where the set hashes the summary (a
            // third of finding the entries at 50k methods, asked of every one).
            foreach (var s in summaries)
                if (s.DeclaredContext == null && s.ImportedFrom == null && !graph.IsCalled(s) && !registered.Contains(s))
                    found.Add(new Entry(s, Uncalled));
            return found;
        }

        public static IEnumerable<EntryContext> ContextsOf(Registration reg, HrtimerModeKnowledge mode, AnalysisOptions options)
        {
            if (mode == HrtimerModeKnowledge.Default) mode = options.HrtimerDefaultSoft ? HrtimerModeKnowledge.Soft : HrtimerModeKnowledge.Hard;
            EntryContext In(ContextKind kind, string vector, object? alternatives = null) =>
                EntryContext.ByRegistration(kind, vector, reg.Kind, reg.ApiName, reg.Location, alternatives);
            switch (reg.Kind)
            {
                case RegistrationKind.RcuCallback: yield return In(ContextKind.Softirq, "RCU"); break;
                case RegistrationKind.Timer: yield return In(ContextKind.Softirq, "TIMER"); break;
                case RegistrationKind.Tasklet: yield return In(ContextKind.Softirq, "TASKLET"); break;
                case RegistrationKind.Napi: yield return In(ContextKind.Softirq, "NET_RX"); break;
                case RegistrationKind.Hrtimer:
                    // A mode not known gives both contexts as alternatives: the callback runs in one of them.
                    var alternatives = mode == HrtimerModeKnowledge.Unknown ? new object() : null;
                    if (mode != HrtimerModeKnowledge.Soft) yield return In(ContextKind.Hardirq, "", alternatives);
                    if (mode != HrtimerModeKnowledge.Hard) yield return In(ContextKind.Softirq, "HRTIMER", alternatives);
                    break;
                case RegistrationKind.Irq:
                case RegistrationKind.ThreadedIrqHandler: yield return In(ContextKind.Hardirq, ""); break;
                case RegistrationKind.ThreadedIrqThread:
                case RegistrationKind.Work:
                case RegistrationKind.Kthread: yield return In(ContextKind.Process, ""); break;
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
