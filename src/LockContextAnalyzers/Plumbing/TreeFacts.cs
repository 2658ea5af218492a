using System;
using System.Collections.Generic;
using LockContextAnalyzers.Engine;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Plumbing
{
    /// <summary>
    /// What the walk of one tree adds to the <see cref="CompilationIndex"/>, written down in order
    /// and added later. Trees are walked on several threads, but their facts go into the index
    /// one tree at a time in the compilation's tree order, so the index (the order of summaries,
    /// of delegates per store, and so which witness a message names) never depends on scheduling.
    /// </summary>
    internal sealed class TreeFacts
    {
        private readonly List<Action<CompilationIndex>> writes = new List<Action<CompilationIndex>>();

        public TreeFacts(Compilation compilation, bool[]? walked)
        {
            Compilation = compilation;
            Walked = walked;
        }

        /// <summary>Which of the tree's bodies were walked (<see cref="RelevantBodies"/>); null: all.</summary>
        public bool[]? Walked { get; }

        /// <summary>The compilation whose symbols these facts hold (reused facts keep it alive).</summary>
        public Compilation Compilation { get; }

        public void Add(MethodSummary summary) => writes.Add(index => index.Add(summary));

        public void AddLocalValue(ILocalSymbol local, LockRef value) => writes.Add(index => index.AddLocalValue(local, value));

        public void AddStoredValue(ISymbol store, ITypeSymbol? createdType) => writes.Add(index => index.AddStoredValue(store, createdType));

        public void AddModeValue(ISymbol store, HrtimerModeKnowledge value) => writes.Add(index => index.AddModeValue(store, value));

        public void AddDelegate(IMethodSymbol target, ITypeSymbol? type, ISymbol? store) => writes.Add(index => index.AddDelegate(target, type, store));

        public void AddTo(CompilationIndex index)
        {
            foreach (var write in writes) write(index);
        }
    }
}
