using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;

namespace LockContext
{
    /// <summary>
    /// Where a lock was created, which is how lockdep keys a lock class (the static key of its
    /// init site). The caller attributes cost nothing; the declaring type is only looked up while
    /// the validator is on, and the class is resolved once, at the first validated acquisition.
    /// </summary>
    internal sealed class LockSite
    {
        private readonly string file;
        private readonly int line;
        private readonly string member;
        private Type? declaringType;
        private LockClassInfo? resolved;

        private readonly string? waitedAs;

        /// <summary>A lock's site; with <paramref name="waitedAs"/> ("timer", "work_completion"), a timer's or work's map, named as lockdep prints it: "(timer) Dev.watchdog".</summary>
        public LockSite(string file, int line, string member, string? waitedAs = null)
        {
            this.file = file;
            this.line = line;
            this.member = member;
            this.waitedAs = waitedAs;
            if (Lockdep.IsEnabled) declaringType = StackWalk.FirstUserFrame(new StackTrace(1, false))?.GetMethod()?.DeclaringType;
        }

        /// <summary>The class, as the analyzer names it: the <c>[LockClass]</c> name, else <c>Type.field</c>.</summary>
        public LockClassInfo Class(StackTrace? acquisition)
        {
            var known = resolved;
            if (known != null && known.Generation == LockdepValidator.Generation) return known;
            var (key, name) = Resolve(acquisition);
            return resolved = LockdepValidator.Intern(key, name);
        }

        /// <summary>What the analyzer calls the field that holds the object created here (an RCU pointer's name), without making it a lock class.</summary>
        public string Name(StackTrace? use) => Resolve(use, "RCU pointer").Name;

        private (string Key, string Name) Resolve(StackTrace? acquisition, string what = "lock")
        {
            // Without the type seen at creation (the lock existed before Enable), the acquiring
            // code's own types are the candidates: a lock field is nearly always used by its class.
            var candidates = declaringType != null
                ? new[] { declaringType }
                : (acquisition?.GetFrames() ?? Array.Empty<StackFrame>()).Select(f => f.GetMethod()?.DeclaringType).Where(t => t != null).Select(t => t!);
            foreach (var type in candidates)
                for (var t = type; t != null; t = t.DeclaringType)
                {
                    var field = LockMember(t);
                    if (field == null) continue;
                    if (waitedAs != null) return ($"wait:{waitedAs}:{t.FullName}.{member}", $"({waitedAs}) {SimpleName(t)}.{member}");
                    var attribute = field.GetCustomAttribute<LockClassAttribute>();
                    if (attribute != null) return ("name:" + attribute.Name, attribute.Name);
                    return ($"decl:{t.FullName}.{member}", $"{SimpleName(t)}.{member}");
                }
            string where = $"{Path.GetFileName(file)}:{line}";
            if (waitedAs != null) return ($"wait:{waitedAs}:{file}:{line}", $"({waitedAs}) created at {where}");
            return ($"site:{file}:{line}", $"{what} created at {where}");
        }

        private MemberInfo? LockMember(Type t)
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            var field = t.GetField(member, all);
            if (field != null && IsLock(field.FieldType)) return field;
            var property = t.GetProperty(member, all);
            return property != null && IsLock(property.PropertyType) ? property : null;
        }

        private bool IsLock(Type t) =>
            (waitedAs != null && (t == typeof(TimerList) || t == typeof(WorkStruct)))
            || t == typeof(Spinlock) || t == typeof(Rwlock) || t == typeof(KernelMutex) || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(RcuPointer<>));

        private static string SimpleName(Type t)
        {
            int tick = t.Name.IndexOf('`');
            return tick < 0 ? t.Name : t.Name.Substring(0, tick);
        }
    }
}
