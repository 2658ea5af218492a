using System;
using System.Threading;
using Xunit;
using static LockContext.Kernel;
using static LockContext.Tests.LockdepTests;

namespace LockContext.Tests
{
    /// <summary>RcuPointer runs with RCU's meaning, and the validator judges its calls and lockdep's asserts (LCA0011, LCA0010).</summary>
    [Collection("Lockdep")]
    public sealed class RcuPointerTests : ValidatorTestBase
    {
        private sealed class Route
        {
            public Route(int mtu) { Mtu = mtu; Check = mtu * 7; }
            public int Mtu { get; }
            public int Check { get; }
        }

        private static class Table
        {
            public static readonly Spinlock Update = new Spinlock();
            public static readonly RcuPointer<Route> Current = new RcuPointer<Route>(new Route(1500));
        }

        [Fact]
        public void ReadersSeeTheOldObjectOrTheNew_NeverATornOne_AndTheGracePeriodWaitsForThem()
        {
            Lockdep.Disable();
            var update = new Spinlock();
            var current = new RcuPointer<Route>(new Route(1500));
            bool stop = false;
            int torn = 0, seen = 0;
            var reading = new ManualResetEventSlim();
            var reader = new Thread(() =>
            {
                reading.Set();
                while (!Volatile.Read(ref stop))
                    using (Guard.RcuRead())
                    {
                        var r = RcuDereference(current);
                        if (r == null || r.Check != r.Mtu * 7) Interlocked.Increment(ref torn);
                        Interlocked.Increment(ref seen);
                    }
            });
            reader.Start();
            // On a loaded machine the reader may not run at all while 2,000 updates go by (the test
            // failed so, once in ~30 runs): wait for it, and go on until it has read a good many.
            reading.Wait();
            for (int mtu = 1; mtu < 2000 || (Volatile.Read(ref seen) < 1000 && mtu < 5_000_000); mtu++)
            {
                SpinLock(update);
                var old = RcuReplacePointer(current, new Route(mtu), update);
                SpinUnlock(update);
                Assert.NotNull(old);
            }
            Volatile.Write(ref stop, true);
            reader.Join();
            Assert.Equal(0, torn);
            Assert.True(seen >= 1000, $"the reader read {seen} times");

            // A section open on another thread holds the grace period back.
            var inSection = new ManualResetEventSlim();
            var leave = new ManualResetEventSlim();
            var holder = new Thread(() => { RcuReadLock(); inSection.Set(); leave.Wait(); RcuReadUnlock(); });
            holder.Start();
            inSection.Wait();
            var waited = new Thread(SynchronizeRcu);
            waited.Start();
            Assert.False(waited.Join(200));
            leave.Set();
            Assert.True(waited.Join(10_000));
            holder.Join();
        }

        private static int ReadOutside() => RcuDereference(Table.Current)?.Mtu ?? 0;

        [Fact]
        public void DereferenceOutsideItsSection_IsLca0011()
        {
            using (Guard.RcuRead()) ReadOutside();
            Assert.Empty(sink.Reports);
            ReadOutside();
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0011", r.RuleId);
            Assert.StartsWith("RCU pointer 'Table.Current' is dereferenced by RcuDereference outside an RCU read-side section (RcuReadLock, Guard.RcuRead) in 'ReadOutside' at RcuPointerTests.cs:", r.Message);
        }

        [Fact]
        public void BhForm_CountsBhOffAndSoftirq_NotAPlainSection()
        {
            LocalBhDisable(); RcuDereferenceBh(Table.Current); LocalBhEnable();
            InTasklet(() => RcuDereferenceBh(Table.Current));
            Assert.Empty(sink.Reports);
            RcuReadLock(); RcuDereferenceBh(Table.Current); RcuReadUnlock();
            Assert.Equal("LCA0011", Assert.Single(sink.Reports).RuleId);
        }

        [Fact]
        public void UpdateWithoutItsLock_AndAFailingAssert_AreLca0010()
        {
            SpinLock(Table.Update);
            LockdepAssertHeld(Table.Update);
            RcuDereferenceProtected(Table.Current, Table.Update);
            SpinUnlock(Table.Update);
            Assert.Empty(sink.Reports);

            RcuReplacePointer(Table.Current, new Route(9000), Table.Update);
            LockdepAssertHeld(Table.Update);
            Assert.Equal(2, sink.Reports.Count);
            Assert.All(sink.Reports, r => Assert.Equal("LCA0010", r.RuleId));
            Assert.StartsWith("RcuReplacePointer updates RCU pointer 'Table.Current' without lock 'Table.Update' held exclusively in ", sink.Reports[0].Message);
            Assert.StartsWith("LockdepAssertHeld fails without lock 'Table.Update' held in ", sink.Reports[1].Message);
        }

        [Fact]
        public void AssertWrite_NeedsTheWriteSide_AssertRead_TheReadSide()
        {
            var rw = new Rwlock();
            ReadLock(rw); LockdepAssertHeld(rw); LockdepAssertHeldRead(rw); ReadUnlock(rw);
            WriteLock(rw); LockdepAssertHeldWrite(rw); WriteUnlock(rw);
            Assert.Empty(sink.Reports);
            ReadLock(rw); LockdepAssertHeldWrite(rw); ReadUnlock(rw);
            Assert.Equal("LCA0010", Assert.Single(sink.Reports).RuleId);
        }
    }
}
