using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using LockContextAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockContextAnalyzers.CodeFixes
{
    /// <summary>
    /// "Switch to SpinLockBh": the flagged acquisition takes the lock with bottom halves disabled,
    /// and every release the analysis paired with it (on any path, finally blocks included) becomes
    /// the matching <c>_bh</c> unlock. Guards switch to their <c>Bh</c> form and release themselves.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LCA0001SwitchToBhCodeFix)), Shared]
    public sealed class LCA0001SwitchToBhCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = "LCA0001.SwitchToBh";

        private static readonly ImmutableDictionary<string, string> Acquires = new Dictionary<string, string>
        {
            ["SpinLock"] = "SpinLockBh",
            ["SpinTrylock"] = "SpinTrylockBh",
            ["ReadLock"] = "ReadLockBh",
            ["WriteLock"] = "WriteLockBh",
        }.ToImmutableDictionary();

        private static readonly ImmutableDictionary<string, string> Releases = new Dictionary<string, string>
        {
            ["SpinUnlock"] = "SpinUnlockBh",
            ["ReadUnlock"] = "ReadUnlockBh",
            ["WriteUnlock"] = "WriteUnlockBh",
        }.ToImmutableDictionary();

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SoftirqUnsafeLock);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
            {
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                return root == null ? document : document.WithSyntaxRoot(Apply(root, diagnostics));
            });

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var invocation = LockCallSyntax.InvocationAt(root, diagnostic.Location.SourceSpan);
                var name = invocation == null ? null : LockCallSyntax.Name(invocation);
                if (name == null || !Acquires.TryGetValue(name, out var bhName)) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Switch to " + bhName,
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(Apply(root, new[] { diagnostic }))),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static SyntaxNode Apply(SyntaxNode root, IEnumerable<Diagnostic> diagnostics)
        {
            var renames = new Dictionary<SyntaxToken, string>();
            foreach (var diagnostic in diagnostics)
            {
                Rename(root, diagnostic.Location.SourceSpan, Acquires, renames);
                foreach (var release in FixProperties.ReleaseSpans(diagnostic.Properties))
                    Rename(root, release, Releases, renames);
            }
            return LockCallSyntax.Rename(root, renames);
        }

        private static void Rename(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span,
            ImmutableDictionary<string, string> map, Dictionary<SyntaxToken, string> renames)
        {
            var invocation = LockCallSyntax.InvocationAt(root, span);
            var token = invocation == null ? null : LockCallSyntax.NameToken(invocation);
            if (token is SyntaxToken t && map.TryGetValue(t.ValueText, out var renamed)) renames[t] = renamed;
        }
    }
}
