using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers.Rules
{
    /// <summary>
    /// What a diagnostic tells its code fix, so the fix never re-runs the analysis: the acquisition's
    /// API name (absent when the diagnostic is not on an acquisition), and the spans of the
    /// releases that end that acquisition on some path.
    /// </summary>
    public static class FixProperties
    {
        public const string Releases = "Releases";

        /// <summary>The model's name of the acquisition call: "SpinLock", "Guard.SpinLockBh", ...</summary>
        public const string Api = "Api";

        /// <summary>For LCA0003: "IrqSave" when the class is used in hardirq context, else "Plain"; for LCA0010 the guard to take ("Guard.SpinLockBh").</summary>
        public const string FixTo = "FixTo";

        /// <summary>For LCA0010: the lock as the code at the access names it.</summary>
        public const string Lock = "Lock";

        public static ImmutableDictionary<string, string?> ForAcquisition(string api, ImmutableArray<Location> releases, SyntaxTree tree) =>
            ImmutableDictionary<string, string?>.Empty
                .Add(Api, api)
                .Add(Releases, ReleasesText(releases, tree));

        /// <summary>The releases in the acquisition's own tree, as offsets (the fix edits that document).</summary>
        public static string ReleasesText(ImmutableArray<Location> releases, SyntaxTree tree) =>
            string.Join(";", releases
                .Where(r => r.SourceTree == tree)
                .Select(r => r.SourceSpan.Start.ToString(CultureInfo.InvariantCulture) + "," + r.SourceSpan.Length.ToString(CultureInfo.InvariantCulture)));

        public static ImmutableArray<TextSpan> ReleaseSpans(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(Releases, out var text) || string.IsNullOrEmpty(text)) return ImmutableArray<TextSpan>.Empty;
            var spans = ImmutableArray.CreateBuilder<TextSpan>();
            foreach (var part in text!.Split(';'))
            {
                var pieces = part.Split(',');
                if (pieces.Length == 2
                    && int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out int start)
                    && int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out int length))
                    spans.Add(new TextSpan(start, length));
            }
            return spans.ToImmutable();
        }
    }
}
