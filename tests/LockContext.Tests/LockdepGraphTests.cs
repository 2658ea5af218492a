using System;
using Xunit;
using static LockContext.Kernel;
using static LockContext.Tests.LockdepTests;

namespace LockContext.Tests
{
    /// <summary>
    /// The validator's search of the dependency graph, as lockdep's: irq-safe to irq-unsafe through
    /// chains, readers masked (<c>only_xr</c>), cycles only where they are strong.
    /// </summary>
    [Collection("Lockdep")]
    public sealed class LockdepGraphTests : ValidatorTestBase
    {
        private static class Chain
        {
            public static readonly Spinlock A = new Spinlock();
            public static readonly Spinlock B = new Spinlock();
            public static readonly Spinlock C = new Spinlock();
            public static readonly Rwlock Table = new Rwlock();
        }

        private static void TakeA() { SpinLock(Chain.A); SpinUnlock(Chain.A); }
        private static void TakeC() { SpinLock(Chain.C); SpinUnlock(Chain.C); }

        [Fact]
        public void SafeToUnsafe_ThroughAChain_ReportsLca0005_WhenTheLastEdgeCloses()
        {
            InTasklet(TakeA);                                                         // A: softirq-safe
            TakeC();                                                                  // C: softirq-unsafe
            SpinLockBh(Chain.A); SpinLock(Chain.B); SpinUnlock(Chain.B); SpinUnlockBh(Chain.A);
            Assert.Empty(sink.Reports);                                               // A -> B: B is safe so far
            SpinLockBh(Chain.B); TakeC(); SpinUnlockBh(Chain.B);                      // B -> C closes A -> B -> C
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0005", r.RuleId);
            Assert.Equal("Chain.C", r.LockClass);
            Assert.StartsWith("Lock 'Chain.C' is taken while 'Chain.B' is held in 'TakeC'", r.Message);
            Assert.Contains("which closes the chain 'Chain.A' -> 'Chain.B' -> 'Chain.C' ('Chain.B' is taken while 'Chain.A' is held at LockdepGraphTests.cs:", r.Message);
            Assert.Contains("; 'Chain.A' is used in softirq context", r.Message);
        }

        [Fact]
        public void SafeToUnsafe_ThroughAChain_ReportsLca0005_WhenTheUnsafeUseComesLast()
        {
            InTasklet(TakeA);
            SpinLockBh(Chain.A); SpinLock(Chain.B); SpinUnlock(Chain.B); SpinUnlockBh(Chain.A);
            SpinLockBh(Chain.B); TakeC(); SpinUnlockBh(Chain.B);
            Assert.Empty(sink.Reports);
            TakeC();                                                                  // C becomes softirq-unsafe
            Assert.Equal("LCA0005", Assert.Single(sink.Reports).RuleId);
        }

        [Fact]
        public void OuterHeldByAReader_OnlyReadInSoftirq_IsNotLca0005()
        {
            InTasklet(() => { ReadLock(Chain.Table); ReadUnlock(Chain.Table); });
            TakeC();
            ReadLockBh(Chain.Table); TakeC(); ReadUnlockBh(Chain.Table);
            Assert.Empty(sink.Reports);
            InTasklet(() => { WriteLock(Chain.Table); WriteUnlock(Chain.Table); });    // now a softirq can wait for the reader
            Assert.Equal("LCA0005", Assert.Single(sink.Reports).RuleId);
        }

        [Fact]
        public void CycleThroughAReaderToAReader_IsNotLca0004()
        {
            ReadLock(Chain.Table); TakeC(); ReadUnlock(Chain.Table);                 // Table held by a reader -> C
            SpinLock(Chain.C); ReadLock(Chain.Table); ReadUnlock(Chain.Table); SpinUnlock(Chain.C); // C -> Table taken by a reader
            WriteLock(Chain.Table); WriteUnlock(Chain.Table);
            Assert.Empty(sink.Reports);
            SpinLock(Chain.C); WriteLock(Chain.Table); WriteUnlock(Chain.Table); SpinUnlock(Chain.C); // C -> Table by a writer: strong
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0004", r.RuleId);
            Assert.StartsWith("Lock 'Chain.Table' is taken while 'Chain.C' is held", r.Message);
        }

        [Fact]
        public void ReadersHeldWhileWritersWanted_BothWays_IsLca0004()
        {
            var other = new Rwlock();
            ReadLock(Chain.Table); WriteLock(other); WriteUnlock(other); ReadUnlock(Chain.Table);
            ReadLock(other); WriteLock(Chain.Table); WriteUnlock(Chain.Table); ReadUnlock(other);
            Assert.Equal("LCA0004", Assert.Single(sink.Reports).RuleId);
        }

        private static void UnlockOtherIrq(Spinlock other) { SpinLockIrq(other); SpinUnlockIrq(other); }

        [Fact]
        public void IrqsTurnedOnInACallee_WithAnIrqUsedLockHeld_IsLca0002_AtTheCallee()
        {
            InHardirq((irq, dev) => { TakeA(); return IrqReturn.Handled; });
            var flags = SpinLockIrqSave(Chain.A);
            UnlockOtherIrq(Chain.B);                                                  // irqs on with A held
            SpinUnlockIrqRestore(Chain.A, flags);
            var r = Assert.Single(sink.Reports);
            Assert.Equal("LCA0002", r.RuleId);
            Assert.StartsWith("Lock 'Chain.A' is held (taken at LockdepGraphTests.cs:", r.Message);
            Assert.Contains(") when SpinUnlockIrq turns hardirqs back on in 'UnlockOtherIrq'", r.Message);
            Assert.True(r.SiteIsReenable);
            Assert.Equal("UnlockOtherIrq", r.Site!.Method);
        }
    }
}
