namespace LockContextAnalyzers.Engine
{
    /// <summary>What the project says about its kernel (from .editorconfig / .globalconfig).</summary>
    public sealed class AnalysisOptions
    {
        public static readonly AnalysisOptions Default = new AnalysisOptions(hrtimerDefaultSoft: false);

        public AnalysisOptions(bool hrtimerDefaultSoft)
        {
            HrtimerDefaultSoft = hrtimerDefaultSoft;
        }

        /// <summary>
        /// Where <c>HrTimerMode.Abs</c>/<c>Rel</c> callbacks run: hardirq (false: the seed's 3.10
        /// kernel and mainline without PREEMPT_RT) or softirq (true: PREEMPT_RT kernels).
        /// </summary>
        public bool HrtimerDefaultSoft { get; }
    }
}
