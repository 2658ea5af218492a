namespace LockContextAnalyzers
{
    /// <summary>What the project says about its kernel (from .editorconfig / .globalconfig).</summary>
    internal sealed class AnalysisOptions
    {
        public static readonly AnalysisOptions Default = new AnalysisOptions(hrtimerDefaultSoft: false);

        public AnalysisOptions(bool hrtimerDefaultSoft, bool uncalledAreProcess = true)
        {
            HrtimerDefaultSoft = hrtimerDefaultSoft;
            UncalledAreProcess = uncalledAreProcess;
        }

        /// <summary>
        /// True (the default): a method nothing in the compilation calls, registers or attributes is
        /// an entry in process context with bh and irqs on (module init, a syscall). False: such
        /// methods are not entries; only what registrations and attributes reach is analysed.
        /// </summary>
        public bool UncalledAreProcess { get; }

        /// <summary>
        /// Where <c>HrTimerMode.Abs</c>/<c>Rel</c> callbacks run: hardirq (false: the seed's 3.10
        /// kernel and mainline without PREEMPT_RT) or softirq (true: PREEMPT_RT kernels).
        /// </summary>
        public bool HrtimerDefaultSoft { get; }

        // Value equality: findings are kept per compilation and options (CompilationFindings, SummaryCache).
        public override bool Equals(object? obj) =>
            obj is AnalysisOptions other && other.UncalledAreProcess == UncalledAreProcess && other.HrtimerDefaultSoft == HrtimerDefaultSoft;

        public override int GetHashCode() => (UncalledAreProcess ? 1 : 0) | (HrtimerDefaultSoft ? 2 : 0);
    }
}
