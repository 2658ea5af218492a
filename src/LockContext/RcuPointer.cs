using System.Runtime.CompilerServices;
using System.Threading;

namespace LockContext
{
    /// <summary>
    /// <c>struct foo __rcu *p</c>: a pointer that readers follow inside an RCU read-side section
    /// and updaters publish with <see cref="Kernel.RcuAssignPointer{T}"/>. It has no member that
    /// reads the value: only the <c>Rcu*</c> calls of <see cref="Kernel"/> do, so every read is one
    /// the analyzer and the validator can judge.
    /// </summary>
    public sealed class RcuPointer<T> where T : class
    {
        private T? value;

        public RcuPointer(T? initial = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0, [CallerMemberName] string member = "")
        {
            value = initial;
            Site = new LockSite(file, line, member);
        }

        internal LockSite Site { get; }

        // A reader sees the old object or the new one, fully built: publication is a release store,
        // the read an acquire load (rcu_assign_pointer's smp_store_release, rcu_dereference's
        // dependency ordering).
        internal T? Load() => Volatile.Read(ref value);

        internal void Publish(T? v) => Volatile.Write(ref value, v);

        internal T? Exchange(T? v) => Interlocked.Exchange(ref value, v);
    }
}
