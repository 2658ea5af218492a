using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockContextAnalyzers.Incremental;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>
    /// Turns one method's control-flow graph into a <see cref="MethodSummary"/>: a forward dataflow
    /// over the basic blocks computes bh/irq state and held locks at every lock call, then one
    /// recording pass writes the sites down. Lambdas and local functions in the body get their own
    /// summaries (they run when called or registered, not where they are written).
    /// </summary>
    internal sealed class SummaryBuilder
    {
        internal readonly KernelApi api;
        internal readonly CompilationIndex index;
        internal readonly TreeFacts facts;
        internal readonly CancellationToken ct;

        /// <summary>Where the walk in progress writes its summary (walks run one after another: a lambda's after its method's).</summary>
        internal readonly MethodSummary.Builder scratch = new MethodSummary.Builder();

        /// <param name="index">Asked for lock classes and attributes only (thread-safe); what the walk learns goes to <paramref name="facts"/>.</param>
        public SummaryBuilder(KernelApi api, CompilationIndex index, TreeFacts facts, CancellationToken ct)
        {
            this.api = api;
            this.index = index;
            this.facts = facts;
            this.ct = ct;
        }

        // The stand-ins of the body being walked (BodySymbol): every reference to one local,
        // parameter, lambda or local function must name one object. Emptied per body, since no
        // other body can name them and the symbols hold the body's semantic model.
        private readonly Dictionary<ISymbol, object> kept = new Dictionary<ISymbol, object>(SymbolEqualityComparer.Default);

        /// <summary>A member's body (a method, accessor, constructor, initializer): its summary and those of its lambdas and local functions.</summary>
        public void BuildBody(IMethodSymbol method, Location location, ControlFlowGraph cfg)
        {
            try { Walk(new MethodSummary(method, DisplayName(method), location, index.DeclaredContext(method)), method, cfg); }
            finally { kept.Clear(); }
        }

        private void Walk(MethodSummary summary, IMethodSymbol method, ControlFlowGraph cfg)
        {
            var walk = new MethodWalk(this, summary, method, cfg);
            walk.Run();
            facts.Add(summary);

            foreach (var localFunction in cfg.LocalFunctions)
            {
                ct.ThrowIfCancellationRequested();
                Walk(SummaryOf(localFunction), localFunction, cfg.GetLocalFunctionControlFlowGraph(localFunction, ct));
            }
            foreach (var lambda in walk.Lambdas)
            {
                ct.ThrowIfCancellationRequested();
                Walk(SummaryOf(lambda.Symbol), lambda.Symbol, cfg.GetAnonymousFunctionControlFlowGraph(lambda, ct));
            }
        }

        /// <summary>
        /// What the kept facts name a symbol by: the symbol itself, or for one that lives in the
        /// body (<see cref="BodySymbol.IsInBody"/>) its stand-in, or a lambda's or local function's summary.
        /// </summary>
        public object Keep(ISymbol symbol)
        {
            if (!BodySymbol.IsInBody(symbol)) return symbol;
            if (kept.TryGetValue(symbol, out var known)) return known;
            object made = symbol switch
            {
                IMethodSymbol method => SummaryOf(method),
                IParameterSymbol p => new BodySymbol(SymbolKind.Parameter, p.Name, PlaceOf(p), SummaryOf((IMethodSymbol)p.ContainingSymbol), p.Ordinal),
                ILocalSymbol l => new BodySymbol(SymbolKind.Local, l.Name, PlaceOf(l)),
                _ => symbol,
            };
            return kept[symbol] = made;
        }

        /// <summary>The stand-in of a local or of a lambda's or local function's parameter.</summary>
        public BodySymbol KeepInBody(ISymbol symbol) => (BodySymbol)Keep(symbol);

        /// <summary>A lambda's or local function's summary, made when it is first named (a call may come before its walk).</summary>
        public MethodSummary SummaryOf(IMethodSymbol bodyMethod)
        {
            if (kept.TryGetValue(bodyMethod, out var known)) return (MethodSummary)known;
            var summary = new MethodSummary(null, DisplayName(bodyMethod), PlaceOf(bodyMethod), index.DeclaredContext(bodyMethod),
                nestedName: NestedName(bodyMethod));
            kept[bodyMethod] = summary;
            return summary;
        }

        // A lambda is placed at its first token, a local function at its name, a local or parameter at its declaration.
        private static Location PlaceOf(ISymbol symbol)
        {
            if (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } && symbol.DeclaringSyntaxReferences.FirstOrDefault() is SyntaxReference lambda)
                return lambda.GetSyntax().GetFirstToken().GetLocation();
            return symbol.Locations.FirstOrDefault() ?? Location.None;
        }

        /// <summary>"FlowTable.Insert", "lambda in FlowTable.Start", "FlowTable.Start.Local": the name library facts record.</summary>
        public static string NestedName(IMethodSymbol method) =>
            method.MethodKind == MethodKind.AnonymousFunction && method.ContainingSymbol is IMethodSymbol outer ? "lambda in " + NestedName(outer)
            : method.MethodKind == MethodKind.LocalFunction && method.ContainingSymbol is IMethodSymbol host ? NestedName(host) + "." + method.Name
            : method.ContainingType == null ? method.Name
            : method.MethodKind == MethodKind.Constructor || method.MethodKind == MethodKind.StaticConstructor ? method.ContainingType.Name + " constructor"
            : method.ContainingType.Name + "." + method.Name;

        private static string DisplayName(IMethodSymbol method) => method.MethodKind switch
        {
            MethodKind.AnonymousFunction => "lambda in " + (method.ContainingSymbol is IMethodSymbol outer ? DisplayName(outer) : method.ContainingType?.Name),
            MethodKind.Constructor or MethodKind.StaticConstructor => method.ContainingType.Name + " constructor",
            _ when method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName => "top-level statements",
            _ => method.Name,
        };

    }
}
