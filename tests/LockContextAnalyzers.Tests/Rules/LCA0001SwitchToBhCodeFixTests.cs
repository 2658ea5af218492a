using System.Threading.Tasks;
using LockContextAnalyzers.CodeFixes;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<LockContextAnalyzers.LockContextAnalyzer, LockContextAnalyzers.CodeFixes.LCA0001SwitchToBhCodeFix>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>"Switch to SpinLockBh": the flagged acquisition and every release paired with it.</summary>
    public class LCA0001SwitchToBhCodeFixTests
    {
        private const string Head = """
static class Driver
{
    static Spinlock l = new Spinlock();
    static Rwlock rw = new Rwlock();
    [SoftirqContext] static void Rx() { SpinLock(l); SpinUnlock(l); WriteLock(rw); WriteUnlock(rw); }
""";

        [Fact]
        public Task PlainCall_AndItsUnlock() => Verify.VerifyFixAsync(Head + """
    public static void S()
    {
        {|LCA0001:SpinLock(l)|};
        Console.WriteLine();
        SpinUnlock(l);
    }
}
""", Head + """
    public static void S()
    {
        SpinLockBh(l);
        Console.WriteLine();
        SpinUnlockBh(l);
    }
}
""");

        [Fact]
        public Task TryFinally_AndEarlyReturn_AllReleasesSwitch() => Verify.VerifyFixAsync(Head + """
    public static int S(int x)
    {
        {|LCA0001:SpinLock(l)|};
        if (x == 0)
        {
            SpinUnlock(l);
            return 0;
        }
        try
        {
            return x * 2;
        }
        finally
        {
            SpinUnlock(l); // release
        }
    }
}
""", Head + """
    public static int S(int x)
    {
        SpinLockBh(l);
        if (x == 0)
        {
            SpinUnlockBh(l);
            return 0;
        }
        try
        {
            return x * 2;
        }
        finally
        {
            SpinUnlockBh(l); // release
        }
    }
}
""");

        [Fact]
        public Task QualifiedCalls_KeepTheirQualifier() => Verify.VerifyFixAsync(Head + """
    public static void S()
    {
        {|LCA0001:Kernel.SpinLock(l)|};
        LockContext.Kernel.SpinUnlock(l);
    }
}
""", Head + """
    public static void S()
    {
        Kernel.SpinLockBh(l);
        LockContext.Kernel.SpinUnlockBh(l);
    }
}
""");

        [Fact]
        public Task Guard_SwitchesToBhGuard() => Verify.VerifyFixAsync(Head + """
    public static void S()
    {
        using (/* keep */ {|LCA0001:Guard.SpinLock(l)|})
        {
        }
        using var g = {|LCA0001:Guard.SpinLock(l)|};
    }
}
""", Head + """
    public static void S()
    {
        using (/* keep */ Guard.SpinLockBh(l))
        {
        }
        using var g = Guard.SpinLockBh(l);
    }
}
""");

        [Fact]
        public Task RwlockWriteForm() => Verify.VerifyFixAsync(Head + """
    public static void S()
    {
        {|LCA0001:WriteLock(rw)|};
        WriteUnlock(rw);
    }
}
""", Head + """
    public static void S()
    {
        WriteLockBh(rw);
        WriteUnlockBh(rw);
    }
}
""");

        [Fact]
        public Task Trylock_SuccessBranchRelease() => Verify.VerifyFixAsync(Head + """
    public static void S()
    {
        if ({|LCA0001:SpinTrylock(l)|})
            SpinUnlock(l);
    }
}
""", Head + """
    public static void S()
    {
        if (SpinTrylockBh(l))
            SpinUnlockBh(l);
    }
}
""");

        [Fact]
        public Task OtherLocksReleasesAreLeftAlone() => Verify.VerifyFixAsync(Head + """
    static Spinlock other = new Spinlock();
    public static void S()
    {
        SpinLock(other);
        {|LCA0001:SpinLock(l)|};
        SpinUnlock(l);
        SpinUnlock(other);
    }
}
""", Head + """
    static Spinlock other = new Spinlock();
    public static void S()
    {
        SpinLock(other);
        SpinLockBh(l);
        SpinUnlockBh(l);
        SpinUnlock(other);
    }
}
""");

        [Fact]
        public Task FixAll_FixesEverySiteInTheDocument() => Verify.VerifyFixAsync(Head + """
    public static void A() { {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
    public static void B() { {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
    public static void C(bool x) { if (x) {|LCA0001:SpinLock(l)|}; else {|LCA0001:SpinLock(l)|}; SpinUnlock(l); }
}
""", Head + """
    public static void A() { SpinLockBh(l); SpinUnlockBh(l); }
    public static void B() { SpinLockBh(l); SpinUnlockBh(l); }
    public static void C(bool x) { if (x) SpinLockBh(l); else SpinLockBh(l); SpinUnlockBh(l); }
}
""", iterations: 4);

        [Fact]
        public void OneStableEquivalenceKey() => Assert.Equal("LCA0001.SwitchToBh", LCA0001SwitchToBhCodeFix.EquivalenceKey);
    }
}
