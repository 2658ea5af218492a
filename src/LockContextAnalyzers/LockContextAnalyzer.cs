using System.Collections.Immutable;
using LockContextAnalyzers.PerMethod;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockContextAnalyzers
{
    /// <summary>
    /// The one analyzer: computes the whole compilation's lock model once, in compilation start,
    /// and reports each finding from the semantic-model action of the document that holds it, so
    /// that IDEs show it live on the open document (never from a compilation-end action, whose
    /// diagnostics IDEs do not draw). Computing it in compilation start rather than lazily in the
    /// first document's action means no document action ever waits on another: with concurrent
    /// execution, waiting actions were counted as analyzer time (2-3x the real cost on 2 cores).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockContextAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Descriptors();

        /// <summary>Every rule this package reports, in ID order.</summary>
        public static ImmutableArray<DiagnosticDescriptor> Descriptors() => RuleRegistry.Descriptors();

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(Start);
        }

        private static void Start(CompilationStartAnalysisContext context)
        {
            var api = KernelApi.TryCreate(context.Compilation);
            if (api == null) return; // the model is not referenced: nothing to do, nothing spent
            // Code that never names the model can still call a library that uses it.
            if (!CompilationFindings.MentionsTheModel(context.Compilation, context.CancellationToken)
                && CrossAssembly.ImportedLibraries.Of(context.Compilation, context.CancellationToken).IsEmpty) return;
            var options = OptionsReader.Read(context.Options, context.Compilation);
            var findings = CompilationFindings.For(context.Compilation, api, options, context.CancellationToken);
            context.RegisterSemanticModelAction(c =>
            {
                foreach (var diagnostic in findings.In(c.SemanticModel.SyntaxTree))
                    c.ReportDiagnostic(diagnostic);
            });
        }
    }
}
