using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static LockContext.Kernel;

namespace LockContext.Tests
{
    /// <summary>Locks exclude for real and change the CPU's bh/irq state as their kernel variants do.</summary>
    public class LockTests
    {
        [Fact]
        public void Spinlock_ExcludesOtherThreads()
        {
            var l = new Spinlock();
            long counter = 0;
            Parallel.For(0, 4, _ =>
            {
                for (int i = 0; i < 20_000; i++)
                {
                    SpinLock(l);
                    long read = counter;
                    counter = read + 1;
                    SpinUnlock(l);
                }
            });
            Assert.Equal(80_000, counter);
        }

        [Fact]
        public void Spinlock_RetakenOnTheSameCpu_IsTheSelfDeadlock()
        {
            var l = new Spinlock("inode_lock");
            SpinLock(l);
            var e = Assert.Throws<KernelBugException>(() => SpinLock(l));
            Assert.Contains("inode_lock", e.Message);
            SpinUnlock(l);
            Assert.False(l.IsLocked);
        }

        [Fact]
        public void UnlockOfALockNotHeld_IsABug() =>
            Assert.Throws<KernelBugException>(() => SpinUnlock(new Spinlock()));

        [Fact]
        public void SpinLockBh_DisablesBottomHalvesWhileHeld()
        {
            var l = new Spinlock();
            Assert.False(InSoftirq());
            SpinLockBh(l);
            Assert.True(InSoftirq());
            Assert.False(InServingSoftirq());
            Assert.True(InAtomic());
            SpinUnlockBh(l);
            Assert.False(InSoftirq());
            Assert.False(InAtomic());
        }

        [Fact]
        public void IrqSave_RestoresWhatItSaved_WhenNested()
        {
            var a = new Spinlock();
            var b = new Spinlock();
            var fa = SpinLockIrqSave(a);
            var fb = SpinLockIrqSave(b);
            SpinUnlockIrqRestore(b, fb);
            Assert.True(IrqsDisabled());
            SpinUnlockIrqRestore(a, fa);
            Assert.False(IrqsDisabled());
        }

        [Fact]
        public void SpinLockIrq_TurnsIrqsOffAndOn()
        {
            var l = new Spinlock();
            SpinLockIrq(l);
            Assert.True(IrqsDisabled());
            SpinUnlockIrq(l);
            Assert.False(IrqsDisabled());
        }

        [Fact]
        public void Trylock_FailsWhileAnotherCpuHolds_AndBhTrylockUndoesItsDisable()
        {
            var l = new Spinlock();
            var held = new ManualResetEventSlim();
            var release = new ManualResetEventSlim();
            var other = new Thread(() => { SpinLock(l); held.Set(); release.Wait(); SpinUnlock(l); });
            other.Start();
            held.Wait();
            Assert.False(SpinTrylock(l));
            Assert.False(SpinTrylockBh(l));
            Assert.False(InSoftirq());
            release.Set();
            other.Join();
            Assert.True(SpinTrylockBh(l));
            Assert.True(InSoftirq());
            SpinUnlockBh(l);
        }

        [Fact]
        public void Guards_ReleaseWithTheMatchingVariant_Once()
        {
            var l = new Spinlock();
            using (Guard.SpinLockBh(l))
                Assert.True(InSoftirq() && l.IsLocked);
            Assert.False(InSoftirq() || l.IsLocked);

            var g = Guard.SpinLockIrqSave(l);
            Assert.True(IrqsDisabled());
            g.Dispose();
            g.Dispose();
            Assert.False(IrqsDisabled() || l.IsLocked);

            using (Guard.RcuReadBh()) Assert.True(InSoftirq() && InAtomic());
            Assert.False(InAtomic());
        }

        [Fact]
        public void Rwlock_ReadersShare_WriterExcludes()
        {
            var l = new Rwlock();
            ReadLock(l);
            var otherReader = Task.Run(() => { if (!ReadTrylock(l)) return false; ReadUnlock(l); return true; });
            Assert.True(otherReader.Result);
            var writer = Task.Run(() => WriteTrylock(l));
            Assert.False(writer.Result);
            ReadUnlock(l);
            WriteLockBh(l);
            Assert.True(InSoftirq());
            Assert.False(Task.Run(() => ReadTrylock(l)).Result);
            WriteUnlockBh(l);
        }

        [Fact]
        public void Sleeping_UnderASpinlock_IsABug()
        {
            var l = new Spinlock();
            SpinLock(l);
            Assert.Throws<KernelBugException>(() => Msleep(1));
            Assert.Throws<KernelBugException>(() => MutexLock(new KernelMutex()));
            SpinUnlock(l);
            Msleep(1);
        }

        [Fact]
        public void Sleeping_InSoftirq_IsABug()
        {
            Exception? caught = null;
            CallRcu(new RcuHead(), _ => { try { MightSleep(); } catch (KernelBugException e) { caught = e; } });
            RcuBarrier();
            Assert.IsType<KernelBugException>(caught);
        }

        [Fact]
        public void KernelMutex_ExcludesAndSleeps()
        {
            var m = new KernelMutex();
            MutexLock(m);
            Assert.False(Task.Run(() => MutexTrylock(m)).Result);
            Assert.False(InAtomic());
            MutexUnlock(m);
            using (Guard.Mutex(m)) Assert.True(m.IsLocked);
            Assert.False(m.IsLocked);
        }

        [Fact]
        public void LocalIrqSave_WithUnsavedFlags_IsABug() =>
            Assert.Throws<KernelBugException>(() => LocalIrqRestore(default));
    }
}
