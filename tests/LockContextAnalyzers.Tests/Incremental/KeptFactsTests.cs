using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using LockContextAnalyzers.Incremental;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockContextAnalyzers.Tests.Incremental
{
    /// <summary>
    /// What an analysis keeps (its summaries, the index and call graph kept for the next edit)
    /// must hold no symbol declared inside a body: a lambda's symbol holds the binder that made
    /// it, and the binder the semantic model with everything it bound, and the locals and
    /// parameters inside a lambda reach it too. Held after a fresh analysis at 20k methods:
    /// 112 MB with those symbols, 47 MB with stand-ins (`--phases`).
    /// </summary>
    public class KeptFactsTests
    {
        private const string Source = """
static class Flows
{
    static Spinlock table = new Spinlock();
    static HrTimerMode mode;

    public static void Init()
    {
        // A lambda callback with a local lock, a local function taking a lock, a delegate in a
        // lambda's local, a lambda's hrtimer mode read from a local.
        TimerSetup(new TimerList(), t =>
        {
            var l = table;
            Action run = () => Locked(l);
            run();
            var m = HrTimerMode.RelSoft;
            HrtimerSetup(new HrTimer(), h => { Locked(l); return HrTimerRestart.NoRestart; }, m);
            void Locked(Spinlock held) { SpinLock(held); SpinUnlock(held); }
        });
        KthreadRun(d => { SpinLock(table); SpinUnlock(table); return 0; }, null, "flows");
    }
}
""";

        [Fact]
        public void WhatAnAnalysisKeeps_HoldsNoSymbolDeclaredInABody()
        {
            var compilation = CSharpCompilation.Create("Kept",
                new[] { CSharpSyntaxTree.ParseText(Source, path: "Flows.cs"), CSharpSyntaxTree.ParseText(TestReferences.GlobalUsings, path: "Usings.cs") },
                TestReferences.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var findings = CompilationFindings.Compute(compilation, KernelApi.TryCreate(compilation)!, AnalysisOptions.Default, default);

            // The lambdas' paths still resolve: the lock reaches the timer callback's local function
            // through a lambda's local and parameter, and the kthread takes it with bh on.
            var ids = findings.In(compilation.SyntaxTrees.First()).Select(d => d.Id).ToList();
            Assert.Contains("LCA0001", ids);

            HoldsNoSymbolOfABody(findings.Analysis!);

            // An edit that changes a lock fact in a lambda: the index is patched, the old one's
            // lambdas swapped for the new ones, and the patched index holds none of theirs either.
            var old = compilation.SyntaxTrees.First();
            var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(
                Source.Replace("KthreadRun(d => { SpinLock(table); SpinUnlock(table);", "KthreadRun(d => { SpinLockBh(table); SpinUnlockBh(table);"), path: old.FilePath));
            var after = CompilationFindings.Compute(edited, KernelApi.TryCreate(edited)!, AnalysisOptions.Default, default);
            Assert.True(after.IndexPatched);
            Assert.DoesNotContain("LCA0001", after.In(edited.SyntaxTrees.First()).Select(d => d.Id));
            HoldsNoSymbolOfABody(after.Analysis!);
        }

        private static void HoldsNoSymbolOfABody(object analysis)
        {
            var reached = Reachable(analysis);
            var inBody = reached.OfType<ISymbol>().Where(BodySymbol.IsInBody).Select(s => s.Kind + " " + s.Name).ToList();
            Assert.Empty(inBody);
            var kept = reached.OfType<BodySymbol>().ToList();
            Assert.Contains(kept, b => b.Kind == SymbolKind.Local && b.Name == "l");
            Assert.Contains(kept, b => b.Kind == SymbolKind.Local && b.Name == "run");
            Assert.Contains(kept, b => b.Kind == SymbolKind.Parameter && b.Name == "held");
            Assert.Equal(5, reached.OfType<MethodSummary>().Count(s => s.Method == null && s.NestedName != null)); // four lambdas, one local function
        }

        // Every object the analysis reaches through our objects and the runtime's collections; the
        // compiler's objects are collected, not entered (they hold the compilation).
        private static List<object> Reachable(object root)
        {
            var seen = new HashSet<object>(ReferenceComparer.Instance);
            var found = new List<object>();
            var work = new Stack<object>();
            work.Push(root);
            while (work.Count > 0)
            {
                var o = work.Pop();
                if (!seen.Add(o)) continue;
                found.Add(o);
                var type = o.GetType();
                if (o is string || type.IsPrimitive || type.IsEnum || o is Type || o is MemberInfo || o is Assembly) continue;
                if (type.Assembly.GetName().Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)) continue;
                if (o is Array array)
                {
                    if (!type.GetElementType()!.IsPrimitive)
                        foreach (var item in array) if (item != null) work.Push(item);
                    continue;
                }
                for (var t = type; t != null; t = t.BaseType)
                    foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                        if (!field.FieldType.IsPointer && !field.FieldType.IsByRefLike && field.GetValue(o) is object value) work.Push(value);
            }
            return found;
        }

        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();
            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
            public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
