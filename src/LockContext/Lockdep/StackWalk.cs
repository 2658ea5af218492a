using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace LockContext
{
    /// <summary>
    /// Reads the user's code out of a stack trace: the frames below the model's own, named as the
    /// analyzer names methods ("lambda in Init"), so run-time reports read like the static ones.
    /// </summary>
    internal static class StackWalk
    {
        private static readonly Assembly Model = typeof(Kernel).Assembly;

        public static StackTrace Capture() => new StackTrace(1, true);

        public static StackFrame? FirstUserFrame(StackTrace trace) => UserFrames(trace).FirstOrDefault();

        /// <summary>The innermost run of user frames, innermost first: the chain that led to the call into the model.</summary>
        public static IEnumerable<StackFrame> UserFrames(StackTrace trace)
        {
            bool started = false;
            foreach (var frame in trace.GetFrames() ?? Array.Empty<StackFrame>())
            {
                bool user = IsUser(frame.GetMethod());
                if (user) { started = true; yield return frame; }
                else if (started) yield break;
            }
        }

        /// <summary>The model call the user's code made (the outermost model frame above the first user frame): "Msleep", "MutexLock".</summary>
        public static string ModelEntry(StackTrace trace)
        {
            string last = "MightSleep";
            foreach (var frame in trace.GetFrames() ?? Array.Empty<StackFrame>())
            {
                var method = frame.GetMethod();
                if (IsUser(method)) break;
                if (method?.DeclaringType?.Assembly == Model && method.IsPublic && method.DeclaringType.IsPublic) last = method.Name;
            }
            return last;
        }

        /// <summary>"'WitInodeReplace' at WitDriver.cs:66 (via ReleaseWitFlow -> FreeWitFlow -> WitInodeReplace; RCU callback)".</summary>
        public static string Side(StackTrace trace, string context)
        {
            var frames = UserFrames(trace).ToList();
            if (frames.Count == 0) return $"the model itself ({context})";
            var top = frames[0];
            string via = frames.Count > 1 ? "via " + Chain(frames) + "; " : "";
            return $"'{NameOf(top.GetMethod())}' at {Where(top)} ({via}{context})";
        }

        /// <summary>The calls from the outermost user frame to the innermost, in the analyzer's format (CallChain.Format): a long chain keeps three at each end.</summary>
        private static string Chain(List<StackFrame> innermostFirst)
        {
            const int ends = 3;
            var names = innermostFirst.Select(f => NameOf(f.GetMethod())).Reverse().ToList();
            return names.Count <= 2 * ends + 1
                ? string.Join(" -> ", names)
                : string.Join(" -> ", names.Take(ends)) + $" -> ({names.Count - 2 * ends} more) -> " + string.Join(" -> ", names.Skip(names.Count - ends));
        }

        public static string Where(StackFrame? frame)
        {
            string? file = frame?.GetFileName();
            return file == null ? "an unknown line" : $"{Path.GetFileName(file)}:{frame!.GetFileLineNumber()}";
        }

        /// <summary>The method as the analyzer names it: lambdas as "lambda in Owner", local functions by their name.</summary>
        public static string NameOf(MethodBase? method)
        {
            if (method == null) return "?";
            string name = method.Name;
            if (name.StartsWith("<", StringComparison.Ordinal))
            {
                int close = name.IndexOf('>');
                string owner = close > 1 ? name.Substring(1, close - 1) : "";
                if (name.IndexOf(">g__", StringComparison.Ordinal) > 0)
                {
                    string local = name.Substring(name.IndexOf(">g__", StringComparison.Ordinal) + 4);
                    int bar = local.IndexOf('|');
                    return bar < 0 ? local : local.Substring(0, bar);
                }
                return owner.Length == 0 ? "lambda" : "lambda in " + owner;
            }
            if (name == ".ctor" || name == ".cctor") return method.DeclaringType?.Name ?? name;
            return name;
        }

        /// <summary>A readable trace of the user's frames and what ran them, one "at" line each.</summary>
        public static string Format(StackTrace trace)
        {
            var text = new StringBuilder();
            bool started = false;
            int shown = 0;
            foreach (var frame in trace.GetFrames() ?? Array.Empty<StackFrame>())
            {
                var method = frame.GetMethod();
                if (!started && !IsUser(method)) continue;
                started = true;
                if (method == null) continue;
                if (++shown > 24) { text.AppendLine("   ..."); break; }
                text.Append("   at ").Append(method.DeclaringType?.FullName).Append('.').Append(method.Name);
                if (frame.GetFileName() is string file) text.Append(" in ").Append(file).Append(":line ").Append(frame.GetFileLineNumber());
                text.AppendLine();
            }
            return text.ToString();
        }

        private static bool IsUser(MethodBase? method)
        {
            var type = method?.DeclaringType;
            if (type == null || type.Assembly == Model || type.Assembly == typeof(object).Assembly) return false;
            string ns = type.Namespace ?? "";
            return !(ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal) || ns.StartsWith("Microsoft.", StringComparison.Ordinal));
        }
    }
}
