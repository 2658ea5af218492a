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

        public void Build(IMethodSymbol method, Location location, ControlFlowGraph cfg)
        {
            var summary = new MethodSummary(method, DisplayName(method), location, index.DeclaredContext(method));
            var walk = new MethodWalk(this, summary, cfg);
            walk.Run();
            facts.Add(summary);

            foreach (var localFunction in cfg.LocalFunctions)
            {
                ct.ThrowIfCancellationRequested();
                Build(localFunction, localFunction.Locations.FirstOrDefault() ?? location,
                    cfg.GetLocalFunctionControlFlowGraph(localFunction, ct));
            }
            foreach (var lambda in walk.Lambdas)
            {
                ct.ThrowIfCancellationRequested();
                Build(lambda.Symbol, lambda.Syntax.GetFirstToken().GetLocation(),
                    cfg.GetAnonymousFunctionControlFlowGraph(lambda, ct));
            }
        }

        private static string DisplayName(IMethodSymbol method) => method.MethodKind switch
        {
            MethodKind.AnonymousFunction => "lambda in " + (method.ContainingSymbol is IMethodSymbol outer ? DisplayName(outer) : method.ContainingType?.Name),
            MethodKind.Constructor or MethodKind.StaticConstructor => method.ContainingType.Name + " constructor",
            _ when method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName => "top-level statements",
            _ => method.Name,
        };

    }
}
