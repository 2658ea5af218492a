using System.Threading.Tasks;
using Xunit;
using Verify = LockContextAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<LockContextAnalyzers.LockContextAnalyzer, LockContextAnalyzers.CodeFixes.LCA0011WrapInRcuReadCodeFix>;

namespace LockContextAnalyzers.Tests.Rules
{
    /// <summary>"Wrap in Guard.RcuRead()": the dereference and every use of what it returned, where nothing of it leaves the section.</summary>
    public class LCA0011WrapInRcuReadCodeFixTests
    {
        private const string Head = """
sealed class Route { public int Mtu; public Route? Next; }
static class Table
{
    static RcuPointer<Route> current = new();
    static Route? kept;

""";

        [Fact]
        public Task DereferenceAndItsUses_AreWrapped() => Verify.VerifyFixAsync(Head + """
    public static int Mtu()
    {
        int before = 1;
        var r = {|LCA0011:RcuDereference(current)|};
        int mtu = r?.Mtu ?? 0;
        Console.WriteLine(mtu);
        return before;
    }
}
""", Head + """
    public static int Mtu()
    {
        int before = 1;
        using (Guard.RcuRead())
        {
            var r = RcuDereference(current);
            int mtu = r?.Mtu ?? 0;
            Console.WriteLine(mtu);
        }
        return before;
    }
}
""");

        [Fact]
        public Task AValueComputedInside_AndReturned_IsFine() => Verify.VerifyFixAsync(Head + """
    public static int Mtu()
    {
        return {|LCA0011:RcuDereference(current)|}?.Mtu ?? 0;
    }
}
""", Head + """
    public static int Mtu()
    {
        using (Guard.RcuRead())
        {
            return RcuDereference(current)?.Mtu ?? 0;
        }
    }
}
""");

        /// <summary>Not offered: the object (or one reached from it) is returned or kept beyond the section, where it may be freed.</summary>
        [Fact]
        public Task NotOffered_WhereTheObjectLeavesTheSection() => Verify.VerifyFixAsync(Head + """
    public static Route? Returned()
    {
        return {|LCA0011:RcuDereference(current)|};
    }
    public static void Kept()
    {
        var r = {|LCA0011:RcuDereference(current)|};
        kept = r?.Next;
    }
    public static int Expression() => {|LCA0011:RcuDereference(current)|}?.Mtu ?? 0;
}
""", Head + """
    public static Route? Returned()
    {
        return {|LCA0011:RcuDereference(current)|};
    }
    public static void Kept()
    {
        var r = {|LCA0011:RcuDereference(current)|};
        kept = r?.Next;
    }
    public static int Expression() => {|LCA0011:RcuDereference(current)|}?.Mtu ?? 0;
}
""");
    }
}
