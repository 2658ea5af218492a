using System;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.PerMethod
{
    /// <summary>
    /// Semantic models for the walk, without nullable analysis where the compiler offers that.
    /// </summary>
    /// <remarks>
    /// With nullable reference types on, binding a body for a semantic model also runs the
    /// compiler's nullable analysis over it (lambdas more than once), about a third of the
    /// binding's time, and the analysis reads nothing of its results: symbols compare with
    /// nullability ignored and operations have the same shape. Roslyn 4.12 and later take
    /// <c>SemanticModelOptions.DisableNullableAnalysis</c>; this package builds against 4.8 (so
    /// that every SDK from .NET 8 on loads it), so the overload is found by reflection once, and
    /// an older compiler gets the ordinary model.
    /// </remarks>
    internal static class SemanticModels
    {
        private static readonly Func<Compilation, SyntaxTree, SemanticModel>? withoutNullable = Find();

        /// <summary>Whether this compiler can bind without nullable analysis.</summary>
        public static bool CanSkipNullableAnalysis => withoutNullable != null;

        /// <summary>Turned off only by the benchmark's <c>--check</c>, which compares the findings made both ways.</summary>
        internal static bool SkipNullableAnalysis { get; set; } = true;

        public static SemanticModel For(Compilation compilation, SyntaxTree tree)
        {
            if (withoutNullable != null && SkipNullableAnalysis) return withoutNullable(compilation, tree);
            // RS1030: the walk needs semantic models of every document; they are made once per
            // compilation and the findings are shared by every per-document action.
#pragma warning disable RS1030
            return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        }

        private static Func<Compilation, SyntaxTree, SemanticModel>? Find()
        {
            try
            {
                var optionsType = typeof(Compilation).Assembly.GetType("Microsoft.CodeAnalysis.SemanticModelOptions");
                if (optionsType == null || !Enum.GetNames(optionsType).Contains("DisableNullableAnalysis")) return null;
                var method = typeof(Compilation).GetMethod("GetSemanticModel", new[] { typeof(SyntaxTree), optionsType });
                if (method == null || method.ReturnType != typeof(SemanticModel)) return null;
                object disable = Enum.Parse(optionsType, "DisableNullableAnalysis");
                return (compilation, tree) => (SemanticModel)method.Invoke(compilation, new[] { tree, disable });
            }
            catch (Exception e) when (e is AmbiguousMatchException || e is ArgumentException)
            {
                return null;
            }
        }
    }
}
