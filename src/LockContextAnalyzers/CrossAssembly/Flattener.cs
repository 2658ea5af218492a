using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.Interprocedural;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>
    /// One library method with everything its callees in the library do, in states relative to its
    /// own entry: what a caller in another assembly needs, since it sees neither the bodies nor the
    /// private members. Bh and irq state compose by "or" and held locks by union, so a caller's state
    /// added to these is the state the library's code runs in. Calls to methods with a context
    /// attribute are not followed (they are entries of their own), nor recursion.
    /// </summary>
    internal sealed class Flattener
    {
        /// <summary>Calls followed below one method; past it the record is a subset (fewer findings, never wrong ones).</summary>
        public const int MaxDepth = 16;

        /// <summary>Bodies visited per record, and sites kept per record: the bound on a method that reaches much of the library.</summary>
        public const int MaxVisits = 2048, MaxSites = 512;

        private readonly LockAnalysis analysis;
        private readonly System.Func<Location, FactPlace> place;
        private readonly CancellationToken ct;

        public Flattener(LockAnalysis analysis, System.Func<Location, FactPlace> place, CancellationToken ct)
        {
            this.analysis = analysis;
            this.place = place;
            this.ct = ct;
        }

        /// <summary>The record of a method (all its summaries: a constructor's body and the field initializers it runs).</summary>
        public FactMethod Flatten(string? id, string name, Location declaration, IReadOnlyList<MethodSummary> bodies)
        {
            var record = new Record();
            foreach (var body in bodies)
            {
                foreach (var reg in body.Registrations)
                    if (BodySymbol.IsParameterOf(reg.Callback.DelegateStore, body, out int ordinal))
                        record.Registrations.Add(new FactRegistration(reg.Kind, reg.ApiName, ordinal, reg.HrtimerMode, place(reg.Location)));
                Visit(record, body, new Frame(false, false, false, ImmutableArray<int>.Empty, default, isRoot: true), 0);
            }
            return new FactMethod(id, name, place(declaration), record.Acquisitions.ToImmutableArray(), record.Sleeps.ToImmutableArray(),
                record.Registrations.ToImmutableArray(), record.Invocations.ToImmutableArray(), record.Reenables.ToImmutableArray());
        }

        private sealed class Record
        {
            public readonly List<FactAcquisition> Acquisitions = new List<FactAcquisition>();
            public readonly List<FactSleep> Sleeps = new List<FactSleep>();
            public readonly List<FactRegistration> Registrations = new List<FactRegistration>();
            public readonly List<FactInvocation> Invocations = new List<FactInvocation>();
            public readonly List<FactReenable> Reenables = new List<FactReenable>();
            public readonly HashSet<string> Seen = new HashSet<string>(System.StringComparer.Ordinal);
            public readonly HashSet<MethodSummary> OnStack = new HashSet<MethodSummary>();
            public int Visits;
        }

        /// <summary>A lock as the record names it: a class, or the recorded method's own parameter.</summary>
        private readonly struct FlatLock
        {
            public FlatLock(LockClass? c, int parameter) { Class = c; Parameter = parameter; }
            public LockClass? Class { get; }
            public int Parameter { get; }
        }

        /// <summary>The state a body is entered with, relative to the recorded method's entry.</summary>
        private sealed class Frame
        {
            public Frame(bool bhOff, bool irqOff, bool mayIrqOff, ImmutableArray<int> held, ImmutableArray<ImmutableArray<FlatLock>> bindings, bool isRoot)
            {
                BhOff = bhOff; IrqOff = irqOff; MayIrqOff = mayIrqOff; Held = held; Bindings = bindings; IsRoot = isRoot;
            }

            public bool BhOff { get; }
            public bool IrqOff { get; }
            public bool MayIrqOff { get; }
            public ImmutableArray<int> Held { get; }
            public ImmutableArray<ImmutableArray<FlatLock>> Bindings { get; }
            public bool IsRoot { get; }
        }

        private void Visit(Record record, MethodSummary body, Frame frame, int depth)
        {
            ct.ThrowIfCancellationRequested();
            if (depth > MaxDepth || record.Visits++ >= MaxVisits || !record.OnStack.Add(body)) return;
            var indices = new Dictionary<int, List<int>>();
            ImmutableArray<int> HeldAt(LocalState before, int limit) =>
                frame.Held.Concat(before.MustHeld.SelectMany(id => indices.TryGetValue(id, out var l) ? l : Enumerable.Empty<int>()))
                    .Where(i => i < limit).Distinct().OrderBy(i => i).ToImmutableArray();

            foreach (var acq in body.Acquisitions)
            {
                if (acq.IsContract) continue;
                var held = HeldAt(acq.Before, record.Acquisitions.Count);
                bool bh = frame.BhOff || acq.Before.BhOff, irq = frame.IrqOff || acq.Before.IrqOff;
                bool mayIrq = frame.MayIrqOff || acq.Before.MayIrqOff;
                foreach (var l in Locks(acq.Lock, body, frame))
                {
                    var fact = new FactAcquisition(l.Class?.Key ?? "", l.Class?.Name ?? "", l.Class == null ? l.Parameter : -1, acq.Variant, acq.Mode,
                        acq.IsTry, acq.ApiName, place(acq.Location), bh, irq, mayIrq, held, acq.IsWait);
                    string key = $"A{fact.ClassKey}|{fact.Parameter}|{(int)fact.Variant}{(int)fact.Mode}{fact.IsTry}{fact.IsWait}{bh}{irq}{mayIrq}|{Key(fact.Place)}|{string.Join(",", held)}";
                    if (record.Acquisitions.Count >= MaxSites || !record.Seen.Add(key)) continue;
                    if (!indices.TryGetValue(acq.Id, out var list)) indices[acq.Id] = list = new List<int>();
                    list.Add(record.Acquisitions.Count);
                    record.Acquisitions.Add(fact);
                }
            }

            foreach (var sleep in body.Sleeps)
            {
                var held = HeldAt(sleep.Before, record.Acquisitions.Count);
                bool bh = frame.BhOff || sleep.Before.BhOff, irq = frame.IrqOff || sleep.Before.IrqOff;
                var fact = new FactSleep(sleep.ApiName, place(sleep.Location), bh, irq, held);
                if (record.Sleeps.Count < MaxSites && record.Seen.Add($"S{Key(fact.Place)}|{bh}{irq}|{string.Join(",", held)}"))
                    record.Sleeps.Add(fact);
            }

            // Beyond the recorded method's entry: a bh enable only where no caller on the way had bh
            // off itself (it would undo that disable), an irq enable always (irqs do not nest, so
            // after it they are on whatever the callers had). Otherwise it matters for the locks
            // the record holds there.
            foreach (var re in body.Reenables)
            {
                bool beyond = re.BeyondEntry && !(re.Bh && frame.BhOff);
                var held = frame.Held.Concat(re.After.Held.SelectMany(id => indices.TryGetValue(id, out var l) ? l : Enumerable.Empty<int>()))
                    .Distinct().OrderBy(i => i).ToImmutableArray();
                if (!beyond && held.IsEmpty) continue;
                bool irqOffAfter = beyond && !re.Bh ? re.After.IrqOff : frame.IrqOff || re.After.IrqOff;
                var fact = new FactReenable(re.Bh, re.IsExplicit, re.ApiName, place(re.Location), frame.BhOff || re.After.BhOff, irqOffAfter, beyond, held);
                if (record.Reenables.Count < MaxSites
                    && record.Seen.Add($"R{re.Bh}|{beyond}|{Key(fact.Place)}|{fact.BhOffAfter}{fact.IrqOffAfter}|{string.Join(",", held)}"))
                    record.Reenables.Add(fact);
            }

            var callees = analysis.Graph.CalleesOf(body);
            for (int i = 0; i < body.Calls.Length; i++)
            {
                var call = body.Calls[i];
                // The caller's own callback: what it will run under is recorded, whatever it turns out to be.
                if (frame.IsRoot && BodySymbol.IsParameterOf(call.Target.DelegateStore, body, out int callback))
                    Invocation(record, callback, null, call, frame, HeldAt(call.Before, record.Acquisitions.Count));
                // A virtual call a referencing project's type may override (a template method): the
                // same, at any depth, since the method names itself.
                if (call.Target.Method is IMethodSymbol virtualTarget && call.Target.IsVirtual && OverridableOutside(virtualTarget)
                    && DocumentationCommentId.CreateDeclarationId(virtualTarget.OriginalDefinition) is { Length: > 0 } id)
                    Invocation(record, -1, id, call, frame, HeldAt(call.Before, record.Acquisitions.Count));
                var targets = callees[i];
                if (targets.Count == 0) continue;
                var bindings = call.LockArguments.IsDefaultOrEmpty
                    ? default
                    : call.LockArguments.Select(a => Locks(a, body, frame).ToImmutableArray()).ToImmutableArray();
                var next = new Frame(frame.BhOff || call.Before.BhOff, frame.IrqOff || call.Before.IrqOff,
                    frame.MayIrqOff || call.Before.MayIrqOff, HeldAt(call.Before, record.Acquisitions.Count), bindings, isRoot: false);
                foreach (var target in targets)
                    if (target.DeclaredContext == null) Visit(record, target, next, depth + 1);
            }
            record.OnStack.Remove(body);
        }

        private void Invocation(Record record, int parameter, string? target, CallSite call, Frame frame, ImmutableArray<int> held)
        {
            var fact = new FactInvocation(parameter, target, place(call.Location), frame.BhOff || call.Before.BhOff,
                frame.IrqOff || call.Before.IrqOff, frame.MayIrqOff || call.Before.MayIrqOff, held);
            if (record.Invocations.Count < MaxSites
                && record.Seen.Add($"I{parameter}|{target}|{Key(fact.Place)}|{fact.BhOff}{fact.IrqOff}{fact.MayIrqOff}|{string.Join(",", held)}"))
                record.Invocations.Add(fact);
        }

        /// <summary>Virtual, abstract or an interface's, not sealed, and visible outside the library with its type.</summary>
        private static bool OverridableOutside(IMethodSymbol method) =>
            (method.IsVirtual || method.IsAbstract || (method.IsOverride && !method.IsSealed) || method.ContainingType?.TypeKind == TypeKind.Interface)
            && method.ContainingType is { IsSealed: false } && FactsExport.IsExternallyCallable(method);

        private IEnumerable<FlatLock> Locks(LockRef? r, MethodSummary body, Frame frame)
        {
            switch (r)
            {
                case null:
                    yield break;
                case LockRef.Parameter p when p.Of(body):
                    if (frame.IsRoot) yield return new FlatLock(null, p.Ordinal);
                    else if (!frame.Bindings.IsDefault && p.Ordinal < frame.Bindings.Length)
                        foreach (var bound in frame.Bindings[p.Ordinal]) yield return bound;
                    yield break;
                case LockRef.Either e:
                    foreach (var option in e.Options)
                        foreach (var l in Locks(option, body, frame)) yield return l;
                    yield break;
                default:
                    foreach (var c in analysis.Locks.Resolve(r, null)) yield return new FlatLock(c, -1);
                    yield break;
            }
        }

        private static string Key(FactPlace p) => $"{p.File}:{p.Line}:{p.Column}";
    }
}
