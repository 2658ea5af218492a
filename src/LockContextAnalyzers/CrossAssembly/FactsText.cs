using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// <see cref="LibraryFacts"/> as text, one record a line, tab-separated fields, files named once
    /// in a table. The same facts give the same bytes (deterministic builds stay deterministic), and
    /// reading anything unexpected gives null: a reference whose facts cannot be read is treated as
    /// a library without facts, never as a crash.
    /// </summary>
    /// <remarks>
    /// <code>
    /// LCF2 &lt;assembly&gt;                      header: format version, assembly name
    /// F    &lt;path&gt;                          a file; places name it by its index
    /// C    &lt;key&gt; &lt;name&gt;                    a lock class; acquisitions name it by its index
    /// D    &lt;words&gt;                         how entries were found, up to " at " ("timer callback registered by TimerSetup")
    /// M    &lt;id&gt; &lt;name&gt; &lt;place&gt;             a method (empty id: an entry body only the library calls)
    /// A    &lt;class&gt; &lt;param&gt; &lt;variant&gt; &lt;mode&gt; &lt;flags&gt; &lt;api&gt; &lt;place&gt; &lt;held&gt;   of the last M (empty class: the parameter)
    /// S    &lt;api&gt; &lt;place&gt; &lt;flags&gt; &lt;held&gt;                                of the last M
    /// R    &lt;kind&gt; &lt;api&gt; &lt;param&gt; &lt;mode&gt; &lt;place&gt;                          of the last M
    /// B    &lt;bh or irq&gt; &lt;api&gt; &lt;place&gt; &lt;flags&gt; &lt;held&gt;                     of the last M: turns them back on (flags: e explicit, x beyond its entry, b/i still off after)
    /// I    &lt;param&gt; &lt;target&gt; &lt;place&gt; &lt;flags&gt; &lt;held&gt;                      of the last M: runs that delegate parameter, or that overridable method
    /// E    &lt;method&gt; &lt;kind&gt; &lt;vector&gt; &lt;words&gt; &lt;rest&gt; &lt;place&gt; &lt;alternatives&gt; &lt;maps&gt;   description = words[index] + rest; maps: classes the callback holds (a timer's or work's)
    /// </code>
    /// A place is <c>file:line:column</c>; flags are letters (t try, b bh off, i irqs off, m irqs
    /// off on some path, w a wait for a callback: the class is its map); held is a comma list of the
    /// method's acquisition indices. Version 2 added the waits and the entries' maps.
    /// </remarks>
    internal static class FactsText
    {
        private const string Header = "LCF";

        public static string Write(LibraryFacts facts)
        {
            var files = new Dictionary<string, int>(StringComparer.Ordinal);
            var classes = new Dictionary<string, (int Index, string Name)>(StringComparer.Ordinal);
            var body = new StringBuilder();
            string Class(FactAcquisition a) => a.Parameter >= 0 ? "" : ClassNamed(a.ClassKey, a.ClassName);
            string ClassNamed(string key, string name)
            {
                if (!classes.TryGetValue(key, out var c)) classes[key] = c = (classes.Count, name);
                return Num(c.Index);
            }
            string Place(FactPlace p)
            {
                if (!files.TryGetValue(p.File, out int f)) files[p.File] = f = files.Count;
                return f.ToString(CultureInfo.InvariantCulture) + ":" + Num(p.Line) + ":" + Num(p.Column);
            }
            foreach (var m in facts.Methods)
            {
                Line(body, "M", m.Id ?? "", m.Name, Place(m.Place));
                foreach (var a in m.Acquisitions)
                    Line(body, "A", Class(a), Num(a.Parameter), Num((int)a.Variant), Num((int)a.Mode),
                        Flags(a.IsTry, a.BhOff, a.IrqOff, a.MayIrqOff) + (a.IsWait ? "w" : ""), a.Api, Place(a.Place), Held(a.Held));
                foreach (var s in m.Sleeps)
                    Line(body, "S", s.Api, Place(s.Place), Flags(false, s.BhOff, s.IrqOff, false), Held(s.Held));
                foreach (var r in m.Registrations)
                    Line(body, "R", Num((int)r.Kind), r.Api, Num(r.Parameter), Num((int)r.Mode), Place(r.Place));
                foreach (var b in m.Reenables)
                    Line(body, "B", b.Bh ? "bh" : "irq", b.Api, Place(b.Place),
                        (b.IsExplicit ? "e" : "") + (b.BeyondEntry ? "x" : "") + Flags(false, b.BhOffAfter, b.IrqOffAfter, false), Held(b.Held));
                foreach (var v in m.Invocations)
                    Line(body, "I", Num(v.Parameter), v.Target ?? "", Place(v.Place), Flags(false, v.BhOff, v.IrqOff, v.MayIrqOff), Held(v.Held));
            }
            // Thousands of entries share a few descriptions up to the place: those words are named once.
            var words = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var e in facts.Entries)
            {
                int cut = e.Description.LastIndexOf(" at ", StringComparison.Ordinal);
                string head = cut < 0 ? e.Description : e.Description.Substring(0, cut);
                if (!words.TryGetValue(head, out int w)) words[head] = w = words.Count;
                Line(body, "E", Num(e.Method), Num((int)e.Kind), e.Vector, Num(w), e.Description.Substring(head.Length),
                    e.Registration is FactPlace p ? Place(p) : "", Num(e.Alternatives), string.Join(",", e.Maps.Select(m => ClassNamed(m.Key, m.Name))));
            }

            var text = new StringBuilder();
            Line(text, Header + Num(LibraryFacts.FormatVersion), facts.Assembly);
            foreach (var file in files.OrderBy(f => f.Value)) Line(text, "F", file.Key);
            foreach (var c in classes.OrderBy(c => c.Value.Index)) Line(text, "C", c.Key, c.Value.Name);
            foreach (var w in words.OrderBy(w => w.Value)) Line(text, "D", w.Key);
            return text.Append(body).ToString();
        }

        /// <summary>The facts, or null when the text is of another version or not well formed.</summary>
        public static LibraryFacts? Read(string text)
        {
            try
            {
                return Parse(text);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static LibraryFacts? Parse(string text)
        {
            var lines = text.Split('\n');
            var head = Fields(lines[0]);
            if (head.Length != 2 || head[0] != Header + Num(LibraryFacts.FormatVersion)) return null;
            var files = new List<string>();
            var classes = new List<(string Key, string Name)>();
            var words = new List<string>();
            var methods = new List<FactMethod>();
            var entries = new List<FactEntry>();
            MethodParts? open = null;
            FactPlace Place(string s)
            {
                var p = s.Split(':');
                if (p.Length != 3) throw new FormatException("place");
                return new FactPlace(Indexed(files, Int(p[0])), Int(p[1]), Int(p[2]));
            }
            void Close()
            {
                if (open != null) methods.Add(open.Build());
                open = null;
            }
            for (int i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length == 0) continue;
                var f = Fields(lines[i]);
                switch (f[0])
                {
                    case "F" when f.Length == 2:
                        files.Add(f[1]);
                        break;
                    case "D" when f.Length == 2:
                        words.Add(f[1]);
                        break;
                    case "C" when f.Length == 3:
                        classes.Add((f[1], f[2]));
                        break;
                    case "M" when f.Length == 4:
                        Close();
                        open = new MethodParts(f[1].Length == 0 ? null : f[1], f[2], Place(f[3]));
                        break;
                    case "A" when f.Length == 9 && open != null:
                        var (key, name) = f[1].Length == 0 ? ("", "") : Indexed(classes, Int(f[1]));
                        open.Acquisitions.Add(new FactAcquisition(key, name, Int(f[2]), Enum<LockVariant>(f[3], 3), Enum<LockMode>(f[4], 2),
                            f[5].Contains('t'), f[6], Place(f[7]), f[5].Contains('b'), f[5].Contains('i'), f[5].Contains('m'),
                            Held(f[8], open.Acquisitions.Count), isWait: f[5].Contains('w')));
                        break;
                    case "S" when f.Length == 5 && open != null:
                        open.Sleeps.Add(new FactSleep(f[1], Place(f[2]), f[3].Contains('b'), f[3].Contains('i'), Held(f[4], open.Acquisitions.Count)));
                        break;
                    case "R" when f.Length == 6 && open != null:
                        open.Registrations.Add(new FactRegistration(Enum<RegistrationKind>(f[1], 9), f[2], Int(f[3]),
                            Enum<HrtimerModeKnowledge>(f[4], 4), Place(f[5])));
                        break;
                    case "B" when f.Length == 6 && open != null && (f[1] == "bh" || f[1] == "irq"):
                        open.Reenables.Add(new FactReenable(f[1] == "bh", f[4].Contains('e'), f[2], Place(f[3]), f[4].Contains('b'), f[4].Contains('i'),
                            f[4].Contains('x'), Held(f[5], open.Acquisitions.Count)));
                        break;
                    case "I" when f.Length == 6 && open != null:
                        open.Invocations.Add(new FactInvocation(Int(f[1]), f[2].Length == 0 ? null : f[2], Place(f[3]),
                            f[4].Contains('b'), f[4].Contains('i'), f[4].Contains('m'), Held(f[5], open.Acquisitions.Count)));
                        break;
                    case "E" when f.Length == 9:
                        Close();
                        int method = Int(f[1]);
                        if (method < 0 || method >= methods.Count) throw new FormatException("entry method");
                        entries.Add(new FactEntry(method, Enum<ContextKind>(f[2], 2), f[3], Indexed(words, Int(f[4])) + f[5],
                            f[6].Length == 0 ? null : Place(f[6]), Int(f[7]),
                            f[8].Length == 0 ? default : f[8].Split(',').Select(c => Indexed(classes, Int(c))).ToImmutableArray()));
                        break;
                    default:
                        throw new FormatException("record " + f[0]);
                }
            }
            Close();
            return new LibraryFacts(head[1], methods.ToImmutableArray(), entries.ToImmutableArray());
        }

        private sealed class MethodParts
        {
            public MethodParts(string? id, string name, FactPlace place) { Id = id; Name = name; Place = place; }
            public string? Id { get; }
            public string Name { get; }
            public FactPlace Place { get; }
            public List<FactAcquisition> Acquisitions { get; } = new List<FactAcquisition>();
            public List<FactSleep> Sleeps { get; } = new List<FactSleep>();
            public List<FactRegistration> Registrations { get; } = new List<FactRegistration>();
            public List<FactInvocation> Invocations { get; } = new List<FactInvocation>();
            public List<FactReenable> Reenables { get; } = new List<FactReenable>();

            public FactMethod Build() => new FactMethod(Id, Name, Place, Acquisitions.ToImmutableArray(), Sleeps.ToImmutableArray(),
                Registrations.ToImmutableArray(), Invocations.ToImmutableArray(), Reenables.ToImmutableArray());
        }

        private static T Indexed<T>(List<T> table, int index) =>
            index >= 0 && index < table.Count ? table[index] : throw new FormatException("index");

        private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

        private static int Int(string s) =>
            int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) ? n : throw new FormatException("number");

        private static T Enum<T>(string s, int max) where T : struct
        {
            int n = Int(s);
            if (n < 0 || n > max) throw new FormatException(typeof(T).Name);
            return (T)(object)n;
        }

        private static string Flags(bool isTry, bool bh, bool irq, bool mayIrq) =>
            (isTry ? "t" : "") + (bh ? "b" : "") + (irq ? "i" : "") + (mayIrq ? "m" : "");

        private static string Held(ImmutableArray<int> held) => string.Join(",", held.Select(Num));

        // Held locks are acquisitions listed before: anything else is not a well-formed text.
        private static ImmutableArray<int> Held(string s, int before)
        {
            if (s.Length == 0) return ImmutableArray<int>.Empty;
            var held = s.Split(',').Select(Int).ToImmutableArray();
            if (held.Any(h => h < 0 || h >= before)) throw new FormatException("held");
            return held;
        }

        private static void Line(StringBuilder sb, string kind, params string[] fields)
        {
            sb.Append(kind);
            foreach (var f in fields) sb.Append('\t').Append(Escape(f));
            sb.Append('\n');
        }

        private static string Escape(string s) =>
            s.IndexOfAny(Special) < 0 ? s : s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

        private static readonly char[] Special = { '\\', '\t', '\n', '\r' };

        private static string[] Fields(string line)
        {
            var parts = line.Split('\t');
            for (int i = 0; i < parts.Length; i++)
                if (parts[i].IndexOf('\\') >= 0) parts[i] = Unescape(parts[i]);
            return parts;
        }

        private static string Unescape(string s)
        {
            var sb = new StringBuilder(s.Length);
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] != '\\' || i + 1 == s.Length) { sb.Append(s[i]); continue; }
                char c = s[++i];
                sb.Append(c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c);
            }
            return sb.ToString();
        }
    }
}
