using System;
using System.Collections.Generic;
using System.Linq;
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

        public void Add(MethodSummary summary) => Write(index => index.Add(summary), summary);

        public void AddLocalValue(ILocalSymbol local, LockRef value) => Write(index => index.AddLocalValue(local, value), "local", local, value);

        public void AddStoredValue(ISymbol store, ITypeSymbol? createdType) => Write(index => index.AddStoredValue(store, createdType), "stored", store, createdType);

        public void AddModeValue(ISymbol store, HrtimerModeKnowledge value) => Write(index => index.AddModeValue(store, value), "mode", store, value);

        public void AddDelegate(IMethodSymbol target, ITypeSymbol? type, ISymbol? store) => Write(index => index.AddDelegate(target, type, store), "delegate", target, type, store);

        private readonly List<object?> said = new List<object?>();

        private void Write(Action<CompilationIndex> write, params object?[] what)
        {
            writes.Add(write);
            said.Add(what.Length == 1 ? what[0] : what);
        }

        private string? fingerprint;
        private bool fingerprinted;

        /// <summary>
        /// Everything these facts say, with places as lines and columns (<see cref="FactsFingerprint"/>);
        /// null when some fact cannot be written out. Read only after the walk, and once.
        /// </summary>
        public string? Fingerprint
        {
            get
            {
                lock (said)
                {
                    if (fingerprinted) return fingerprint;
                    try { fingerprint = FactsFingerprint.Of(said.Prepend(Walked)); }
                    catch (NotSupportedException) { fingerprint = null; }
                    fingerprinted = true;
                    return fingerprint;
                }
            }
        }

        public void AddTo(CompilationIndex index)
        {
            foreach (var write in writes) write(index);
        }
    }
}
