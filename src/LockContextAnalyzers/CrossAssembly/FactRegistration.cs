using LockContextAnalyzers.PerMethod;

namespace LockContextAnalyzers.CrossAssembly
{
    /// <summary>The method hands the delegate of its parameter <see cref="Parameter"/> to a registration (TimerSetup, CallRcu, ...).</summary>
    internal sealed class FactRegistration
    {
        public FactRegistration(RegistrationKind kind, string api, int parameter, HrtimerModeKnowledge mode, FactPlace place)
        {
            Kind = kind;
            Api = api;
            Parameter = parameter;
            Mode = mode;
            Place = place;
        }

        public RegistrationKind Kind { get; }
        public string Api { get; }
        public int Parameter { get; }
        public HrtimerModeKnowledge Mode { get; }
        public FactPlace Place { get; }
    }
}
