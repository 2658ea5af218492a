using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace LockContextAnalyzers.Tests.Differential
{
    /// <summary>Where a generated entry runs, and so how it is registered and fired.</summary>
    internal enum EntryKind
    {
        Syscall,
        Kthread,
        Work,
        ThreadedIrq,
        Tasklet,
        Timer,
        Napi,
        Rcu,
        SoftHrtimer,
        Irq,
        HardHrtimer,
    }

    /// <summary>
    /// Writes a small random driver with the model API, deterministic from its seed: a few lock
    /// fields, helpers that call each other (acyclic, so every run ends), and entries of every kind
    /// with lock, trylock, bh, irq and RCU regions, guards, rwlocks, a mutex, sleeps and branches,
    /// now and then a mismatched unlock, and now and then a wait for another entry's timer or work
    /// with a lock held (since 2026-11-30: those programs differ from what their seeds made before).
    /// <c>Exercise()</c> registers and fires every entry once, one at a time (so the run itself never
    /// deadlocks across CPUs), and survives the model's BUGs. Regions are always balanced inside a
    /// block: the analyzer's lock order is path-sensitive only through held-on-every-path sets, and
    /// the programs stay within what it claims to follow.
    /// </summary>
    internal sealed class ProgramGenerator
    {
        private readonly Random rng;
        // Its own sequence, so that the programs every seed made before waits were added stay the same but for them.
        private readonly Random waits;
        private readonly int irqBase;
        private readonly List<(string Name, char Kind)> locks = new List<(string, char)>();
        private readonly List<string> conditions = new List<string>();
        private int helpers;
        private int flagsCount;
        private bool passesLocks;

        public ProgramGenerator(int seed)
        {
            rng = new Random(seed);
            waits = new Random(unchecked(seed * 31 + 7));
            irqBase = 1000 + (seed % 100_000) * 8;
        }

        public List<EntryKind> Entries { get; } = new List<EntryKind>();

        /// <summary>One program in one file: the driver class <c>Drv</c> with its locks, helpers, entries and <c>Exercise()</c>.</summary>
        public string Generate()
        {
            var p = Build();
            var text = new StringBuilder(Usings);
            text.Append("public sealed class Node { public int V; }\n\n");
            text.Append("public static class Drv\n{\n");
            foreach (var field in p.Fields) text.Append("    ").Append(field.Attribute).Append("static ").Append(field.Declaration).Append('\n');
            text.Append(p.ObjectFields).Append('\n');
            foreach (var (h, body) in p.Helpers) text.Append($"    static void H{h}()\n    {{\n").Append(body).Append("    }\n\n");
            return text.Append(p.Entries).Append(p.Exercise).Append("}\n").ToString();
        }

        /// <summary>
        /// The same program split over two assemblies: the locks, data and helpers in a library
        /// (public class <c>Lib</c>), the entries and <c>Exercise()</c> in the driver, which names the
        /// library's members through <c>using static Lib;</c>. Same seed, same statements.
        /// </summary>
        public (string Library, string Driver) GenerateSplit()
        {
            var p = Build();
            var library = new StringBuilder(Usings);
            library.Append("public sealed class Node { public int V; }\n\n");
            library.Append("public static class Lib\n{\n");
            foreach (var field in p.Fields) library.Append("    ").Append(field.Attribute).Append("public static ").Append(field.Declaration).Append('\n');
            library.Append('\n');
            foreach (var (h, body) in p.Helpers) library.Append($"    public static void H{h}()\n    {{\n").Append(body).Append("    }\n\n");
            library.Append("}\n");
            var driver = new StringBuilder(Usings).Append("using static Lib;\n\n");
            driver.Append("public static class Drv\n{\n").Append(p.ObjectFields).Append('\n').Append(p.Entries).Append(p.Exercise).Append("}\n");
            return (library.ToString(), driver.ToString());
        }

        private const string Usings = "using System;\nusing System.Threading;\nusing LockContext;\nusing static LockContext.Kernel;\n\n";

        private sealed record Parts(List<(string Attribute, string Declaration)> Fields, List<(int Index, string Body)> Helpers,
            string Entries, string ObjectFields, string Exercise);

        // The random choices, in the order every seed has always made them.
        private Parts Build()
        {
            // Up to four spinlocks and two rwlocks: enough classes for chains of three or four
            // dependencies across methods (LCA0005 through a chain, strong and weak cycles).
            int spinlocks = rng.Next(2, 5);
            for (int i = 0; i < spinlocks; i++) locks.Add(("L" + i, 's'));
            int rwlocks = rng.Next(4) switch { 0 or 1 => 0, 2 => 1, _ => 2 };
            for (int i = 0; i < rwlocks; i++) locks.Add(("R" + i, 'r'));
            if (rng.Next(4) == 0) locks.Add(("M0", 'm'));
            helpers = rng.Next(0, 5);
            int entries = rng.Next(2, 5);
            var kinds = (EntryKind[])Enum.GetValues(typeof(EntryKind));
            for (int i = 0; i < entries; i++) Entries.Add(kinds[rng.Next(kinds.Length)]);

            var helperBodies = new List<(int, string)>();
            for (int h = 0; h < helpers; h++) helperBodies.Add((h, Block(h, 1, rng.Next(1, 4))));
            var entryText = new StringBuilder();
            for (int e = 0; e < Entries.Count; e++) entryText.Append(EntryMethod(e, Entries[e]));
            if (passesLocks) entryText.Append("    static void TakeLock(Spinlock l)\n    {\n        SpinLock(l);\n        Work++;\n        SpinUnlock(l);\n    }\n\n");

            var fields = new List<(string, string)>();
            foreach (var (name, kind) in locks)
            {
                string type = kind == 's' ? "Spinlock" : kind == 'r' ? "Rwlock" : "KernelMutex";
                fields.Add(("", $"readonly {type} {name} = new {type}();"));
            }
            foreach (var c in conditions) fields.Add(("", $"bool {c} = {(rng.Next(2) == 0 ? "true" : "false")};"));
            fields.Add(("", "int Work;"));
            fields.Add(("", "readonly RcuPointer<Node> P = new RcuPointer<Node>(new Node());"));
            fields.Add(("[GuardedBy(\"L0\")] ", "int Data;"));
            var objects = new StringBuilder();
            for (int e = 0; e < Entries.Count; e++) objects.Append(ObjectField(e, Entries[e]));
            return new Parts(fields, helperBodies, entryText.ToString(), objects.ToString(), Exercise());
        }

        private string Block(int helper, int depth, int count)
        {
            var text = new StringBuilder();
            for (int i = 0; i < count; i++) text.Append(Statement(helper, depth));
            return text.ToString();
        }

        // helper: the index of the helper being written (it may call only later ones), or helpers for an entry.
        private string Statement(int helper, int depth)
        {
            string pad = new string(' ', 4 * (depth + 1));
            int r = rng.Next(100);
            if (depth >= 4 || r < 22) return pad + Simple(helper) + "\n";
            string Inner() => Block(helper, depth + 1, rng.Next(1, 3));
            var (name, kind) = locks[rng.Next(locks.Count)];
            if (r < 60) return LockRegion(pad, name, kind, Inner);
            if (r < 68) return TryRegion(pad, name, kind, Inner);
            if (r < 75) return $"{pad}LocalBhDisable();\n{Inner()}{pad}LocalBhEnable();\n";
            if (r < 82)
            {
                if (rng.Next(2) == 0) return $"{pad}LocalIrqDisable();\n{Inner()}{pad}LocalIrqEnable();\n";
                string f = "f" + flagsCount++;
                return $"{pad}var {f} = LocalIrqSave();\n{Inner()}{pad}LocalIrqRestore({f});\n";
            }
            if (r < 88) return rng.Next(3) == 0
                ? $"{pad}RcuReadLockBh();\n{Inner()}{pad}RcuReadUnlockBh();\n"
                : $"{pad}RcuReadLock();\n{Inner()}{pad}RcuReadUnlock();\n";
            string c = "C" + conditions.Count;
            conditions.Add(c);
            string otherwise = rng.Next(2) == 0 ? "" : $"{pad}else\n{pad}{{\n{Inner()}{pad}}}\n";
            return $"{pad}if ({c})\n{pad}{{\n{Inner()}{pad}}}\n{otherwise}";
        }

        private string Simple(int helper)
        {
            int r = rng.Next(100);
            if (helper + 1 < helpers && r < 55) return $"H{rng.Next(helper + 1, helpers)}();";
            if (r < 62) return "Msleep(0);";
            if (r < 65) return "MightSleep();";
            // Guarded data and RCU pointers (LCA0010, LCA0011): what the run can see of them is the
            // dereferences, the asserts and the updates that name their lock; the guarded field is static only.
            var (name, _) = locks[rng.Next(locks.Count)];
            if (r < 69) return "Work += RcuDereference(P)?.V ?? 0;";
            if (r < 71) return "Work += RcuDereferenceBh(P)?.V ?? 0;";
            if (r < 74) return $"LockdepAssertHeld({name});";
            if (r < 76) return $"RcuReplacePointer(P, new Node(), {name});";
            if (r < 79) return "Data++;";
            return "Work++;";
        }

        private string LockRegion(string pad, string name, char kind, Func<string> inner)
        {
            if (kind == 'm') return $"{pad}MutexLock({name});\n{inner()}{pad}MutexUnlock({name});\n";
            string prefix = kind == 's' ? "Spin" : rng.Next(2) == 0 ? "Read" : "Write";
            string variant = new[] { "", "", "Bh", "Irq", "IrqSave" }[rng.Next(5)];
            // Now and then the wrong unlock (LCA0008), with the bh/irq state put back by hand so the run goes on.
            if (rng.Next(30) == 0 && variant == "Bh")
                return $"{pad}{prefix}LockBh({name});\n{inner()}{pad}{prefix}Unlock({name});\n{pad}LocalBhEnable();\n";
            if (rng.Next(30) == 0 && variant == "Irq")
                return $"{pad}{prefix}LockIrq({name});\n{inner()}{pad}{prefix}Unlock({name});\n{pad}LocalIrqEnable();\n";
            if (rng.Next(4) == 0)
                return $"{pad}using (Guard.{prefix}Lock{variant}({name}))\n{pad}{{\n{inner()}{pad}}}\n";
            if (variant == "IrqSave")
            {
                string f = "f" + flagsCount++;
                return $"{pad}var {f} = {prefix}LockIrqSave({name});\n{inner()}{pad}{prefix}UnlockIrqRestore({name}, {f});\n";
            }
            return $"{pad}{prefix}Lock{variant}({name});\n{inner()}{pad}{prefix}Unlock{variant}({name});\n";
        }

        private string TryRegion(string pad, string name, char kind, Func<string> inner)
        {
            if (kind == 'm') return $"{pad}if (MutexTrylock({name}))\n{pad}{{\n{inner()}{pad}    MutexUnlock({name});\n{pad}}}\n";
            if (kind == 'r')
            {
                string side = rng.Next(2) == 0 ? "Read" : "Write";
                return $"{pad}if ({side}Trylock({name}))\n{pad}{{\n{inner()}{pad}    {side}Unlock({name});\n{pad}}}\n";
            }
            string bh = rng.Next(2) == 0 ? "Bh" : "";
            return $"{pad}if (SpinTrylock{bh}({name}))\n{pad}{{\n{inner()}{pad}    SpinUnlock{bh}({name});\n{pad}}}\n";
        }

        private string EntryMethod(int e, EntryKind kind)
        {
            string body = Block(helpers, 1, rng.Next(1, 4));
            if (kind is EntryKind.Syscall or EntryKind.Kthread) body += Wait();
            body += PassLock();
            string head = kind switch
            {
                EntryKind.Syscall => $"public static void E{e}()",
                EntryKind.Kthread => $"static int E{e}(object? data)",
                EntryKind.Work => $"static void E{e}(WorkStruct w)",
                EntryKind.ThreadedIrq or EntryKind.Irq => $"static IrqReturn E{e}(int irq, object? dev)",
                EntryKind.Tasklet => $"static void E{e}(Tasklet t)",
                EntryKind.Timer => $"static void E{e}(TimerList t)",
                EntryKind.Napi => $"static int E{e}(NapiStruct n, int budget)",
                EntryKind.Rcu => $"static void E{e}(RcuHead h)",
                _ => $"static HrTimerRestart E{e}(HrTimer t)",
            };
            string ret = kind switch
            {
                EntryKind.Kthread or EntryKind.Napi => "        return 0;\n",
                EntryKind.ThreadedIrq or EntryKind.Irq => "        return IrqReturn.Handled;\n",
                EntryKind.SoftHrtimer or EntryKind.HardHrtimer => "        return HrTimerRestart.NoRestart;\n",
                _ => "",
            };
            return $"    {head}\n    {{\n{body}{ret}    }}\n\n";
        }

        /// <summary>
        /// Now and then, at the end of a process-context entry, a wait for another entry's timer or
        /// work with a lock held (lockdep's maps: LCA0004 where that callback takes the lock). Safe to
        /// run: entries fire one at a time, so the callback is never pending when the wait comes.
        /// </summary>
        private string Wait()
        {
            if (waits.Next(3) != 0) return "";
            var targets = Enumerable.Range(0, Entries.Count).Where(t => Entries[t] is EntryKind.Timer or EntryKind.Work).ToList();
            if (targets.Count == 0) return "";
            int target = targets[waits.Next(targets.Count)];
            if (Entries[target] == EntryKind.Timer)
            {
                var spinlocks = locks.Where(l => l.Kind == 's').Select(l => l.Name).ToList();
                string l = spinlocks[waits.Next(spinlocks.Count)];
                return $"        SpinLockBh({l});\n        DelTimerSync(O{target});\n        SpinUnlockBh({l});\n";
            }
            return locks.Any(l => l.Kind == 'm') ? $"        MutexLock(M0);\n        FlushWork(O{target});\n        MutexUnlock(M0);\n" : "";
        }

        /// <summary>
        /// Now and then, at the end of an entry, a lock held while a helper shared by every such call
        /// takes the lock it is passed: the order is between the held lock and the one passed there
        /// only (per-call lock parameters), which the run then checks. Two different spinlocks, so the
        /// run never spins on itself.
        /// </summary>
        private string PassLock()
        {
            var spinlocks = locks.Where(l => l.Kind == 's').Select(l => l.Name).ToList();
            if (waits.Next(4) != 0 || spinlocks.Count < 2) return "";
            int held = waits.Next(spinlocks.Count), passed = (held + 1 + waits.Next(spinlocks.Count - 1)) % spinlocks.Count;
            passesLocks = true;
            return $"        SpinLock({spinlocks[held]});\n        TakeLock({spinlocks[passed]});\n        SpinUnlock({spinlocks[held]});\n";
        }

        private static string ObjectField(int e, EntryKind kind) => kind switch
        {
            EntryKind.Work => $"    static readonly WorkStruct O{e} = new WorkStruct();\n",
            EntryKind.Tasklet => $"    static readonly Tasklet O{e} = new Tasklet();\n",
            EntryKind.Timer => $"    static readonly TimerList O{e} = new TimerList();\n",
            EntryKind.Napi => $"    static readonly NapiStruct O{e} = new NapiStruct();\n",
            EntryKind.Rcu => $"    static readonly RcuHead O{e} = new RcuHead();\n",
            EntryKind.SoftHrtimer or EntryKind.HardHrtimer => $"    static readonly HrTimer O{e} = new HrTimer();\n",
            _ => "",
        };

        private string Exercise()
        {
            var init = new StringBuilder();
            var fire = new StringBuilder();
            var free = new StringBuilder();
            for (int e = 0; e < Entries.Count; e++)
            {
                int irq = irqBase + e;
                string mode = Entries[e] == EntryKind.SoftHrtimer ? "HrTimerMode.RelSoft" : "HrTimerMode.RelHard";
                switch (Entries[e])
                {
                    case EntryKind.Syscall: fire.Append($"KthreadStop(KthreadRun(_ => {{ E{e}(); return 0; }}, null, \"sys{e}\"));"); break;
                    case EntryKind.Kthread: fire.Append($"KthreadStop(KthreadRun(E{e}, null, \"k{e}\"));"); break;
                    case EntryKind.Work: init.Append($"        InitWork(O{e}, E{e});\n"); fire.Append($"QueueWork(O{e}); FlushWork(O{e});"); break;
                    case EntryKind.ThreadedIrq:
                        init.Append($"        RequestThreadedIrq({irq}, null, E{e}, \"t{e}\", null);\n");
                        fire.Append($"RaiseIrq({irq});");
                        free.Append($"        FreeIrq({irq}, null);\n");
                        break;
                    case EntryKind.Irq:
                        init.Append($"        RequestIrq({irq}, E{e}, \"i{e}\", null);\n");
                        fire.Append($"RaiseIrq({irq});");
                        free.Append($"        FreeIrq({irq}, null);\n");
                        break;
                    case EntryKind.Tasklet: init.Append($"        TaskletSetup(O{e}, E{e});\n"); fire.Append($"TaskletSchedule(O{e}); TaskletKill(O{e});"); break;
                    case EntryKind.Timer:
                        init.Append($"        TimerSetup(O{e}, E{e});\n");
                        fire.Append($"ModTimer(O{e}, Jiffies); while (O{e}.IsPending) Thread.Sleep(1); DelTimerSync(O{e});");
                        break;
                    case EntryKind.Napi: init.Append($"        NetifNapiAdd(O{e}, E{e});\n"); fire.Append($"NapiSchedule(O{e}); NapiSynchronize(O{e});"); break;
                    case EntryKind.Rcu: fire.Append($"CallRcu(O{e}, E{e}); RcuBarrier();"); break;
                    default:
                        init.Append($"        HrtimerSetup(O{e}, E{e}, {mode});\n");
                        fire.Append($"HrtimerStart(O{e}, TimeSpan.Zero, {mode}); while (O{e}.IsActive) Thread.Sleep(1); HrtimerCancel(O{e});");
                        break;
                }
                fire.Append('\n');
            }
            var text = new StringBuilder("    public static void Exercise()\n    {\n").Append(init);
            foreach (var line in fire.ToString().Split('\n').Where(l => l.Length > 0))
                text.Append("        try { ").Append(line).Append(" } catch (Exception) { }\n");
            return text.Append(free).Append("    }\n").ToString();
        }
    }
}
