using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<LockContextAnalyzers.LockContextAnalyzer, LockContextAnalyzers.CodeFixes.LCA0002SwitchToIrqSaveCodeFix>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>"Switch to SpinLockIrqSave": a flags variable, the irqsave acquisition, every paired restore.</summary>
    public class LCA0002SwitchToIrqSaveCodeFixTests
    {
        private const string Head = """
static class Driver
{
    static Spinlock l = new Spinlock();
    static Rwlock rw = new Rwlock();
    [HardirqContext] static void Isr() { SpinLock(l); SpinUnlock(l); ReadLock(rw); ReadUnlock(rw); }
""";

        [Fact]
        public Task PlainCall_GetsFlags() => Verify.VerifyFixAsync(Head + """
    public static void S()
    {
        {|LCA0002:SpinLock(l)|};
        Console.WriteLine();
        SpinUnlock(l);
    }
}
""", Head + """
    public static void S()
    {
        var flags = SpinLockIrqSave(l);
        Console.WriteLine();
        SpinUnlockIrqRestore(l, flags);
    }
}
""");

        [Fact]
        public Task BhCall_AndQualifiedForm() => Verify.VerifyFixAsync(Head + """
    public static void S()
    {
        {|LCA0002:Kernel.SpinLockBh(l)|};
        Kernel.SpinUnlockBh(l);
    }
}
""", Head + """
    public static void S()
    {
        var flags = Kernel.SpinLockIrqSave(l);
        Kernel.SpinUnlockIrqRestore(l, flags);
    }
}
""");

        [Fact]
        public Task FlagsNameTaken_GetsAFreshName() => Verify.VerifyFixAsync(Head + """
    public static void S(int flags)
    {
        {|LCA0002:SpinLock(l)|};
        SpinUnlock(l);
    }
}
""", Head + """
    public static void S(int flags)
    {
        var flags2 = SpinLockIrqSave(l);
        SpinUnlockIrqRestore(l, flags2);
    }
}
""");

        [Fact]
        public Task ReleaseInFinally_AcquisitionBeforeTry() => Verify.VerifyFixAsync(Head + """
    public static int S(int x)
    {
        {|LCA0002:SpinLock(l)|};
        try
        {
            if (x == 0) return 0;
            return x;
        }
        finally
        {
            SpinUnlock(l);
        }
    }
}
""", Head + """
    public static int S(int x)
    {
        var flags = SpinLockIrqSave(l);
        try
        {
            if (x == 0) return 0;
            return x;
        }
        finally
        {
            SpinUnlockIrqRestore(l, flags);
        }
    }
}
""");

        [Fact]
        public Task AcquisitionInsideTry_ReleaseInFinally_HoistsTheFlags() => Verify.VerifyFixAsync(Head + """
    public static void S()
    {
        try
        {
            {|LCA0002:SpinLock(l)|};
            Console.WriteLine();
        }
        finally
        {
            SpinUnlock(l);
        }
    }
}
""", Head + """
    public static void S()
    {
        IrqFlags flags = default;
        try
        {
            flags = SpinLockIrqSave(l);
            Console.WriteLine();
        }
        finally
        {
            SpinUnlockIrqRestore(l, flags);
        }
    }
}
""");

        [Fact]
        public Task Guard_AndRwlockRead() => Verify.VerifyFixAsync(Head + """
    public static void S()
    {
        using (Guard.SpinLock(l)) { }
        {|LCA0002:Guard.SpinLock(l)|}.Dispose();
    }
}
""".Replace("using (Guard.SpinLock(l))", "using ({|LCA0002:Guard.SpinLock(l)|})"), Head + """
    public static void S()
    {
        using (Guard.SpinLockIrqSave(l)) { }
        Guard.SpinLockIrqSave(l).Dispose();
    }
}
""");

        [Fact]
        public Task FixAll_TwoAcquisitionsInOneMethod_GetDistinctFlags() => Verify.VerifyFixAsync(Head + """
    public static void S()
    {
        {|LCA0002:SpinLock(l)|};
        SpinUnlock(l);
        {|LCA0002:WriteLock(rw)|};
        WriteUnlock(rw);
    }
}
""", Head + """
    public static void S()
    {
        var flags = SpinLockIrqSave(l);
        SpinUnlockIrqRestore(l, flags);
        var flags2 = WriteLockIrqSave(rw);
        WriteUnlockIrqRestore(rw, flags2);
    }
}
""", iterations: 2);
    }
}
