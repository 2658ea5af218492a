using System.Collections.Generic;
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
        private readonly BlockQueue pending;
        private readonly Dictionary<ControlFlowRegion, HashSet<int>> finallyContinuations = new Dictionary<ControlFlowRegion, HashSet<int>>();

        // Set while solving; the replay only runs the transfer (it records) and joins nothing.
        private bool joining;

        public FlowSolver(ControlFlowGraph cfg, IFlowTransfer transfer, CancellationToken ct)
        {
            this.cfg = cfg;
            this.transfer = transfer;
            this.ct = ct;
            input = new FlowState?[cfg.Blocks.Length];
            handlersOf = new int[]?[cfg.Blocks.Length];
            pending = new BlockQueue(cfg.Blocks.Length);
        }

        /// <summary>Runs the graph to its fixpoint from <paramref name="entry"/>.</summary>
        public void Solve(FlowState entry)
        {
            input[0] = entry;
            pending.Add(0);
            joining = true;
            int steps = 0, limit = cfg.Blocks.Length * 64 + 64; // the lattice is tiny; this only guards bugs
            while (!pending.IsEmpty && steps++ < limit)
            {
                ct.ThrowIfCancellationRequested();
                int b = pending.TakeLowest();
                Transfer(cfg.Blocks[b], input[b]!);
            }
            joining = false;
        }

        /// <summary>Runs every reached block once more from its fixpoint state (the transfer records then).</summary>
        public void Replay()
        {
            foreach (var block in cfg.Blocks)
                if (input[block.Ordinal] != null) Transfer(block, input[block.Ordinal]!);
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

        /// <summary>
        /// Runs one block and hands each successor block the state it receives, as it goes: a
        /// handler's state is joined before the next operation runs. (Not an iterator: one per
        /// block run was the largest allocation of the summaries.)
        /// </summary>
        private void Transfer(BasicBlock block, FlowState state)
        {
            // An exception can leave a try block after any operation (the model's calls themselves do
            // not throw), so its handlers start from the state after each one.
            var handlers = handlersOf[block.Ordinal] ??= HandlersCovering(block);
            if (block.Operations.IsEmpty) foreach (var h in handlers) Receive(h, state);
            foreach (var op in block.Operations)
            {
                state = transfer.Operation(op, state);
                foreach (var h in handlers) Receive(h, state);
            }
            if (block.BranchValue != null) state = transfer.BranchValue(block, state);

            var impossible = transfer.NeverTaken(block);
            var failedTry = transfer.FailedTrylock(block);
            Follow(block, block.ConditionalSuccessor, impossible, failedTry, state);
            Follow(block, block.FallThroughSuccessor, impossible, failedTry, state);
        }

        private void Follow(BasicBlock block, ControlFlowBranch? branch, ControlFlowBranch? impossible,
            (ControlFlowBranch? Branch, System.Func<FlowState, FlowState> State) failedTry, FlowState held)
        {
            if (branch == null || branch == impossible) return;
            var state = branch == failedTry.Branch ? failedTry.State(held) : held;
            if (branch.Semantics == ControlFlowBranchSemantics.StructuredExceptionHandling)
            {
                // The end of a finally: go on to wherever the branches that entered it were going.
                var region = EnclosingFinally(block.EnclosingRegion);
                if (region != null && finallyContinuations.TryGetValue(region, out var next))
                    foreach (int n in next) Receive(n, state);
                return;
            }
            if (branch.Destination == null) return;
            if (branch.FinallyRegions.IsEmpty)
            {
                Receive(branch.Destination.Ordinal, state);
                return;
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
            Receive(branch.FinallyRegions[0].FirstBlockOrdinal, state);
        }

        // A successor's entry state: joined with what reached it before, and queued if it grew.
        private void Receive(int target, FlowState state)
        {
            if (!joining || (uint)target >= (uint)input.Length) return; // out of range: never expected; an analyzer must not throw
            var joined = input[target] == null ? state : input[target]!.Join(state);
            if (joined.Equals(input[target])) return;
            input[target] = joined;
            pending.Add(target);
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
        private int[] HandlersCovering(BasicBlock block)
        {
            List<int>? found = null;
            for (var r = block.EnclosingRegion; r != null && r != cfg.Root; r = r.EnclosingRegion)
            {
                if (r.Kind != ControlFlowRegionKind.Try || r.EnclosingRegion == null) continue;
                foreach (var sibling in r.EnclosingRegion.NestedRegions)
                    if (sibling != r && sibling.Kind != ControlFlowRegionKind.Try && sibling.Kind != ControlFlowRegionKind.Finally)
                        (found ??= new List<int>()).Add(sibling.FirstBlockOrdinal);
            }
            return found?.ToArray() ?? System.Array.Empty<int>();
        }

        /// <summary>
        /// The blocks waiting to run, taken lowest first (block order: a loop's body settles before
        /// what follows it). A flag per block and the lowest one that may be set: a sorted set
        /// allocated a node per add.
        /// </summary>
        private sealed class BlockQueue
        {
            private readonly bool[] queued;
            private int lowest;
            private int count;

            public BlockQueue(int blocks) { queued = new bool[blocks]; lowest = blocks; }

            public bool IsEmpty => count == 0;

            public void Add(int block)
            {
                if (queued[block]) return;
                queued[block] = true;
                count++;
                if (block < lowest) lowest = block;
            }

            public int TakeLowest()
            {
                while (!queued[lowest]) lowest++;
                queued[lowest] = false;
                count--;
                return lowest;
            }
        }
    }
}
