using LockContextAnalyzers.Interprocedural;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>LCA0008's facts, gathered after the recording pass: releases that do not match, locks left open.</summary>
    internal sealed partial class MethodWalk
    {
        /// <summary>After the recording pass: variant mismatches, and locks still held where the method returns.</summary>
        private void CheckBalance(FlowState? atExit)
        {
            foreach (var (release, apiName, saver) in flagMismatches)
            {
                var other = saver == LocalSave ? null : recorded.TryGetValue(saver, out var a) ? a : null;
                built.BalanceIssues.Add(new BalanceIssue(BalanceKind.FlagsFromAnotherSave, release, apiName, other, null));
            }
            foreach (var p in pairs)
            {
                if (p.Contract || !recorded.TryGetValue(p.Acquisition, out var acq) || acq.IsContract || acq.IsGuard) continue;
                if (acq.Variant == p.Variant && acq.Mode == p.Mode) continue;
                built.BalanceIssues.Add(new BalanceIssue(BalanceKind.VariantMismatch, p.Release, p.ApiName, acq, MatchingRelease(acq)));
            }
            if (atExit == null) return;
            foreach (int id in atExit.Held)
            {
                if (!recorded.TryGetValue(id, out var acq) || acq.IsGuard || acq.IsContract) continue;
                var symbol = acq.Lock.PairingSymbol;
                if (symbol == null || HeldByContract(symbol, forExit: true)) continue;
                built.BalanceIssues.Add(new BalanceIssue(BalanceKind.LeftOpen, acq.Location, acq.ApiName, acq, MatchingRelease(acq)));
            }
        }

        /// <summary>"SpinUnlockBh" for SpinLockBh / SpinTrylockBh, "SpinUnlockIrqRestore" for SpinLockIrqSave, ...</summary>
        private static string MatchingRelease(Acquisition acq) => LockContext.Words.RuleWords.MatchingRelease(acq.ApiName);

        /// <summary>A release paired with an acquisition that some path holds there.</summary>
        private readonly struct Pairing
        {
            public Pairing(int acquisition, Location release, LockVariant variant, LockMode mode, string apiName, bool contract)
            {
                Acquisition = acquisition;
                Release = release;
                Variant = variant;
                Mode = mode;
                ApiName = apiName;
                Contract = contract;
            }

            public int Acquisition { get; }
            public Location Release { get; }
            public LockVariant Variant { get; }
            public LockMode Mode { get; }
            public string ApiName { get; }
            public bool Contract { get; }
        }
    }
}
