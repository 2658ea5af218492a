using System.Diagnostics;
using System.IO;

namespace LockContext
{
    /// <summary>
    /// A place in the user's code that a <see cref="LockdepReport"/> names: the innermost user frame
    /// of a call into the model, with its file and line (from the program's symbols) and its method
    /// named as the analyzer names methods ("lambda in Init").
    /// </summary>
    public sealed class LockdepPlace
    {
        private LockdepPlace(string file, int line, string method)
        {
            File = file;
            Line = line;
            Method = method;
        }

        /// <summary>The file's name, without its directory ("Driver.cs").</summary>
        public string File { get; }

        /// <summary>The line, 1-based.</summary>
        public int Line { get; }

        /// <summary>"Prune", "lambda in Init", a local function's name, a constructor's type.</summary>
        public string Method { get; }

        /// <summary>"Driver.cs:12", as the messages write a place.</summary>
        public override string ToString() => $"{File}:{Line}";

        /// <summary>The trace's first user frame; null when there is none or it has no line (no symbols).</summary>
        internal static LockdepPlace? Of(StackTrace trace)
        {
            var frame = StackWalk.FirstUserFrame(trace);
            return frame?.GetFileName() is string file
                ? new LockdepPlace(Path.GetFileName(file), frame.GetFileLineNumber(), StackWalk.NameOf(frame.GetMethod()))
                : null;
        }

        internal static LockdepPlace? Of(Witness? w) => w == null ? null : Of(w.Trace);
    }
}
