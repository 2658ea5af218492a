using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace LockContext
{
    /// <summary>What a spinning lock (spinlock or one side of an rwlock) must do for the Kernel calls.</summary>
    internal interface ISpinning
    {
        /// <summary>The lock's creation site: its lock class for the run-time validator.</summary>
        LockSite Site { get; }

        /// <summary>True for the read side of an rwlock.</summary>
        bool IsRead { get; }

        void Acquire();
        bool TryAcquire();
        void Release();

        /// <summary>Drops the lock without checks: an oops on the holding CPU (see <see cref="CpuState.CleanUpAfterOops"/>).</summary>
        void ForceRelease();
    }

    /// <summary>
    /// <c>spinlock_t</c>: a non-sleeping, non-recursive mutual exclusion lock. Another thread that
    /// wants it spins; the same thread taking it twice is the kernel's self-deadlock and throws.
    /// </summary>
    /// <remarks>
    /// The caller-information parameters record where the lock is created, which is its lock class
    /// for the run-time validator (<see cref="Lockdep"/>), as lockdep keys a class by its init site.
    /// Leave them to the compiler.
    /// </remarks>
    public sealed class Spinlock : ISpinning
    {
        private readonly LockSite site;
        private int owner; // managed thread id of the holder, 0 when free

        public Spinlock(string? name = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0, [CallerMemberName] string member = "")
        {
            Name = name;
            site = new LockSite(file, line, member);
        }

        /// <summary>A name for messages; lockdep's class is the declaring field.</summary>
        public string? Name { get; }

        /// <summary><c>spin_is_locked()</c>.</summary>
        public bool IsLocked => Volatile.Read(ref owner) != 0;

        LockSite ISpinning.Site => site;

        bool ISpinning.IsRead => false;

        void ISpinning.Acquire()
        {
            int me = Environment.CurrentManagedThreadId;
            if (Volatile.Read(ref owner) == me)
                throw KernelBugException.Raise($"BUG: spinlock recursion on {Describe()}: this CPU already holds it and would spin forever");
            var spin = new SpinWait();
            while (Interlocked.CompareExchange(ref owner, me, 0) != 0) spin.SpinOnce();
            CpuState.Current.Hold(this);
        }

        bool ISpinning.TryAcquire()
        {
            if (Interlocked.CompareExchange(ref owner, Environment.CurrentManagedThreadId, 0) != 0) return false;
            CpuState.Current.Hold(this);
            return true;
        }

        void ISpinning.Release()
        {
            if (Volatile.Read(ref owner) != Environment.CurrentManagedThreadId)
                throw KernelBugException.Raise($"BUG: spin_unlock of {Describe()}, which this CPU does not hold");
            CpuState.Current.Drop(this, Describe());
            Volatile.Write(ref owner, 0);
        }

        void ISpinning.ForceRelease() => Volatile.Write(ref owner, 0);

        private string Describe() => Name ?? "a spinlock";
    }

    /// <summary>
    /// <c>rwlock_t</c>: many readers or one writer, spinning. Readers may nest (as in the kernel,
    /// where a reader in interrupt context may re-take a read lock its CPU holds).
    /// </summary>
    public sealed class Rwlock
    {
        private int state;       // > 0: that many readers, -1: a writer, 0: free
        private int writerOwner; // managed thread id of the writer

        public Rwlock(string? name = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0, [CallerMemberName] string member = "")
        {
            Name = name;
            Site = new LockSite(file, line, member);
            Read = new ReadSide(this);
            Write = new WriteSide(this);
        }

        public string? Name { get; }

        internal LockSite Site { get; }
        internal ISpinning Read { get; }
        internal ISpinning Write { get; }

        private string Describe() => Name ?? "an rwlock";

        private sealed class ReadSide : ISpinning
        {
            private readonly Rwlock l;
            public ReadSide(Rwlock l) { this.l = l; }

            public LockSite Site => l.Site;
            public bool IsRead => true;

            public void Acquire()
            {
                if (Volatile.Read(ref l.writerOwner) == Environment.CurrentManagedThreadId)
                    throw KernelBugException.Raise($"BUG: read_lock of {l.Describe()} while this CPU write-holds it");
                var spin = new SpinWait();
                while (!TryAcquire()) spin.SpinOnce();
            }

            public bool TryAcquire()
            {
                int s = Volatile.Read(ref l.state);
                if (s < 0 || Interlocked.CompareExchange(ref l.state, s + 1, s) != s) return false;
                CpuState.Current.Hold(this);
                return true;
            }

            public void Release()
            {
                CpuState.Current.Drop(this, l.Describe() + " (read)");
                Interlocked.Decrement(ref l.state);
            }

            public void ForceRelease() => Interlocked.Decrement(ref l.state);
        }

        private sealed class WriteSide : ISpinning
        {
            private readonly Rwlock l;
            public WriteSide(Rwlock l) { this.l = l; }

            public LockSite Site => l.Site;
            public bool IsRead => false;

            public void Acquire()
            {
                int me = Environment.CurrentManagedThreadId;
                if (Volatile.Read(ref l.writerOwner) == me || CpuState.Current.HeldSpinning.Contains(l.Read))
                    throw KernelBugException.Raise($"BUG: write_lock of {l.Describe()}, which this CPU already holds: it would spin forever");
                var spin = new SpinWait();
                while (!TryAcquire()) spin.SpinOnce();
            }

            public bool TryAcquire()
            {
                if (Interlocked.CompareExchange(ref l.state, -1, 0) != 0) return false;
                Volatile.Write(ref l.writerOwner, Environment.CurrentManagedThreadId);
                CpuState.Current.Hold(this);
                return true;
            }

            public void Release()
            {
                if (Volatile.Read(ref l.writerOwner) != Environment.CurrentManagedThreadId)
                    throw KernelBugException.Raise($"BUG: write_unlock of {l.Describe()}, which this CPU does not hold");
                CpuState.Current.Drop(this, l.Describe() + " (write)");
                ForceRelease();
            }

            public void ForceRelease()
            {
                Volatile.Write(ref l.writerOwner, 0);
                Volatile.Write(ref l.state, 0);
            }
        }
    }

    /// <summary><c>struct mutex</c>: a sleeping lock, only for process context.</summary>
    public sealed class KernelMutex
    {
        private readonly SemaphoreSlim gate = new SemaphoreSlim(1, 1);
        private int owner;

        public KernelMutex(string? name = null, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0, [CallerMemberName] string member = "")
        {
            Name = name;
            Site = new LockSite(file, line, member);
        }

        public string? Name { get; }

        internal LockSite Site { get; }

        /// <summary><c>mutex_is_locked()</c>.</summary>
        public bool IsLocked => Volatile.Read(ref owner) != 0;

        internal bool HeldByMe => Volatile.Read(ref owner) == Environment.CurrentManagedThreadId;

        internal void Lock()
        {
            Kernel.MightSleep();
            var held = Lockdep.IsEnabled ? LockdepValidator.Acquiring(Site, this, false, LockVariant.Sleeping, nameof(Kernel.MutexLock), isTry: false) : null;
            if (HeldByMe)
                throw KernelBugException.Raise($"BUG: mutex_lock of {Name ?? "a mutex"}, which this task already holds");
            gate.Wait();
            Volatile.Write(ref owner, Environment.CurrentManagedThreadId);
            CpuState.Current.HeldMutexes.Add(this);
            if (held != null) LockdepValidator.Acquired(held);
        }

        internal bool TryLock()
        {
            if (Kernel.CurrentContext() != KernelContext.Process)
                throw KernelBugException.Raise("BUG: mutex_trylock() outside process context");
            if (!gate.Wait(0)) return false;
            Volatile.Write(ref owner, Environment.CurrentManagedThreadId);
            CpuState.Current.HeldMutexes.Add(this);
            if (Lockdep.IsEnabled)
                LockdepValidator.Acquired(LockdepValidator.Acquiring(Site, this, false, LockVariant.Sleeping, nameof(Kernel.MutexTrylock), isTry: true));
            return true;
        }

        internal void Unlock()
        {
            if (Lockdep.IsEnabled && !LockdepValidator.Releasing(Site, this, HeldByMe, LockVariant.Sleeping, nameof(Kernel.MutexUnlock))) return;
            if (!HeldByMe)
                throw KernelBugException.Raise($"BUG: mutex_unlock of {Name ?? "a mutex"} by a task that does not own it");
            CpuState.Current.HeldMutexes.Remove(this);
            ForceRelease();
        }

        internal void ForceRelease()
        {
            Volatile.Write(ref owner, 0);
            gate.Release();
        }
    }
}
