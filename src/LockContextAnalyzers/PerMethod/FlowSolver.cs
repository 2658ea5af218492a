using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>What one operation, one branch value and one conditional branch do to the flow state (<see cref="MethodWalk"/>).</summary>
    internal interface IFlowTransfer
    {
        FlowState Operation(IOperation operation, FlowState state);

        /// <summary>The block's branch value (the condition, the returned value) evaluated.</summary>
        FlowState BranchValue(BasicBlock block, FlowState state);

        /// <summary>A successor the block never takes (a guard is never null), or null.</summary>
        ControlFlowBranch? NeverTaken(BasicBlock block);

        /// <summary>The successor where the block's condition saw a trylock fail, and what that undoes.</summary>
        (ControlFlowBranch? Branch, System.Func<FlowState, FlowState> State) FailedTrylock(BasicBlock block);
    }

    /// <summary>
    /// The fixpoint over one control-flow graph, whatever the transfer: a worklist in block order,
    /// states joined at block entries, catch handlers fed from every operation of their try, and
    /// finally regions run for each way out of them, then continuing where the branch was going.
    /// </summary>
    internal sealed class FlowSolver
    {
        private readonly ControlFlowGraph cfg;
        private readonly IFlowTransfer transfer;
        private readonly CancellationToken ct;
        private readonly FlowState?[] input;
        private readonly int[]?[] handlersOf;
        private readonly SortedSet<int> pending = new SortedSet<int>();
        private readonly Dictionary<ControlFlowRegion, HashSet<int>> finallyContinuations = new Dictionary<ControlFlowRegion, HashSet<int>>();

        public FlowSolver(ControlFlowGraph cfg, IFlowTransfer transfer, CancellationToken ct)
        {
            this.cfg = cfg;
            this.transfer = transfer;
            this.ct = ct;
            input = new FlowState?[cfg.Blocks.Length];
            handlersOf = new int[]?[cfg.Blocks.Length];
        }

        /// <summary>Runs the graph to its fixpoint from <paramref name="entry"/>.</summary>
        public void Solve(FlowState entry)
        {
            input[0] = entry;
            pending.Add(0);
            int steps = 0, limit = cfg.Blocks.Length * 64 + 64; // the lattice is tiny; this only guards bugs
            while (pending.Count > 0 && steps++ < limit)
            {
                ct.ThrowIfCancellationRequested();
                int b = pending.Min;
                pending.Remove(b);
                foreach (var (target, state) in Transfer(cfg.Blocks[b], input[b]!))
                {
                    if ((uint)target >= (uint)input.Length) continue; // never expected; an analyzer must not throw
                    var joined = input[target] == null ? state : input[target]!.Join(state);
                    if (joined.Equals(input[target])) continue;
                    input[target] = joined;
                    pending.Add(target);
                }
            }
        }

        /// <summary>Runs every reached block once more from its fixpoint state (the transfer records then).</summary>
        public void Replay()
        {
            foreach (var block in cfg.Blocks)
                if (input[block.Ordinal] != null) Transfer(block, input[block.Ordinal]!).ToList();
        }

        /// <summary>The state where the method returns, or null where no path returns.</summary>
        public FlowState? AtExit
        {
            get
            {
                var exit = cfg.Blocks[cfg.Blocks.Length - 1];
                return exit.Kind == BasicBlockKind.Exit ? input[exit.Ordinal] : null;
            }
        }

        /// <summary>Runs one block and yields the state each successor block receives.</summary>
        private IEnumerable<(int Block, FlowState State)> Transfer(BasicBlock block, FlowState state)
        {
            // An exception can leave a try block after any operation (the model's calls themselves do
            // not throw), so its handlers start from the state after each one.
            var handlers = handlersOf[block.Ordinal] ??= HandlersCovering(block).ToArray();
            if (block.Operations.IsEmpty) foreach (var h in handlers) yield return (h, state);
            foreach (var op in block.Operations)
            {
                state = transfer.Operation(op, state);
                foreach (var h in handlers) yield return (h, state);
            }
            if (block.BranchValue != null) state = transfer.BranchValue(block, state);

            var impossible = transfer.NeverTaken(block);
            var failedTry = transfer.FailedTrylock(block);
            var held = state;
            foreach (var branch in new[] { block.ConditionalSuccessor, block.FallThroughSuccessor })
            {
                if (branch == null || branch == impossible) continue;
                state = branch == failedTry.Branch ? failedTry.State(held) : held;
                if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
                {
                    // The end of a finally: go on to wherever the branches that entered it were going.
                    var region = EnclosingFinally(block.EnclosingRegion);
                    if (region != null && finallyContinuations.TryGetValue(region, out var next))
                        foreach (int n in next) yield return (n, state);
                    continue;
                }
                if (branch.Destination == null) continue;
                if (branch.FinallyRegions.IsEmpty)
                {
                    yield return (branch.Destination.Ordinal, state);
                    continue;
                }
                for (int i = 0; i < branch.FinallyRegions.Length; i++)
                {
                    var f = branch.FinallyRegions[i];
                    if (!finallyContinuations.TryGetValue(f, out var set)) finallyContinuations[f] = set = new HashSet<int>();
                    // A new way out of the finally: its blocks must run again to hand their state on to it.
                    if (set.Add(i + 1 < branch.FinallyRegions.Length ? branch.FinallyRegions[i + 1].FirstBlockOrdinal : branch.Destination.Ordinal))
                        for (int o = f.FirstBlockOrdinal; o <= f.LastBlockOrdinal; o++)
                            if (input[o] != null) pending.Add(o);
                }
                yield return (branch.FinallyRegions[0].FirstBlockOrdinal, state);
            }
        }

        // A lambda's or local function's graph sits inside the regions of the method around it
        // (its root's EnclosingRegion is the outer graph's region): region walks stop at this
        // graph's root, or they would name blocks of the outer graph.
        private ControlFlowRegion? EnclosingFinally(ControlFlowRegion? region)
        {
            while (region != null && region != cfg.Root && region.Kind != ControlFlowRegionKind.Finally) region = region.EnclosingRegion;
            return region == cfg.Root ? null : region;
        }

        // An exception may leave a try block from any point: its catch handlers can start in the
        // state of any block of the try. A finally is not fed that way: its end hands its state on
        // to where the branches that entered it go, so exceptional states would flow into the code
        // after it (a balanced region inside a guard then looked left open). An exception that
        // runs a finally leaves the method, which is not a return.
        private IEnumerable<int> HandlersCovering(BasicBlock block)
        {
            for (var r = block.EnclosingRegion; r != null && r != cfg.Root; r = r.EnclosingRegion)
            {
                if (r.Kind != ControlFlowRegionKind.Try || r.EnclosingRegion == null) continue;
                foreach (var sibling in r.EnclosingRegion.NestedRegions)
                    if (sibling != r && sibling.Kind != ControlFlowRegionKind.Try && sibling.Kind != ControlFlowRegionKind.Finally)
                        yield return sibling.FirstBlockOrdinal;
            }
        }
    }
}
