using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers.Relevance
{
    /// <summary>
    /// What a tree's text says of its bodies before any of them is read: every word it holds,
    /// every construct that may call a member without naming it, every word that may be invoked.
    /// Each is a superset of what reading the bodies' syntax would give (<see cref="BodyReader"/>),
    /// so the propagation (<see cref="RelevantBodies"/>) reads a tree only when its text says a
    /// relevant name, an enabled construct or a delegate call may be there. Reading syntax makes a
    /// red node for every node and token, which in a project that uses the model in 5% of its code
    /// was almost all of the syntactic pass; the text costs a character loop.
    /// </summary>
    /// <remarks>
    /// Words are kept as hashes (<see cref="Hash(string)"/>): a collision only reads a tree more.
    /// The scan is conservative where text and syntax can differ: comments and strings are read as
    /// code (more words, more signals), a word followed by a comment or a directive counts as both
    /// invoked and not, a <c>(</c> that opens a line or follows <c>)</c>, <c>]</c>, a literal, a
    /// postfix <c>!</c>, a comment's end or <c>this</c>/<c>base</c>/<c>true</c>/<c>false</c>/<c>null</c>
    /// may invoke a delegate. A tree whose text has a Unicode escape or a formatting character (where
    /// an identifier's value differs from its text) gets no signals: its bodies are read at once.
    /// Checked against reading every body in <c>TextSignalsTests</c>.
    /// </remarks>
    internal sealed partial class TextSignals
    {
        private TextSignals(int[] words, int[] invoked, ImplicitCalls mayUse)
        {
            Words = words;
            Invoked = invoked;
            MayUse = mayUse;
        }

        /// <summary>The hash of every word of the bodies' text (<see cref="BodyNames.Mentioned"/>, and more).</summary>
        public int[] Words { get; }

        /// <summary>The hash of every word that may be an invoked name (<see cref="BodyNames.Invoked"/>) in some body.</summary>
        public int[] Invoked { get; }

        /// <summary>Every construct some body may use (<see cref="BodyNames.Uses"/>), a delegate invocation included.</summary>
        public ImplicitCalls MayUse { get; }

        public static int Hash(string s)
        {
            unchecked
            {
                int h = (int)2166136261;
                foreach (char c in s) h = (h ^ c) * 16777619;
                return h;
            }
        }

        [ThreadStatic] private static Scanner? scanner;

        /// <summary>
        /// The signals of a tree's text, with its bodies' scopes (<see cref="BodyReader.Scope"/>); null
        /// when the text cannot stand for the syntax, or has a word of <paramref name="readAtOnce"/>
        /// (the model's names: such a tree is read anyway, and reading it costs less than its signals).
        /// </summary>
        public static TextSignals? Of(SourceText text, IReadOnlyList<SyntaxNode> bodies, HashSet<int>? readAtOnce)
        {
            var s = scanner ??= new Scanner();
            if (!s.Load(text, readAtOnce)) return null;
            var mayUse = ImplicitCalls.None;
            foreach (var body in bodies)
            {
                s.StartBody();
                foreach (var part in TextScope(body))
                    mayUse |= s.ScanBody(part.Span.Start, part.Span.End);
            }
            return new TextSignals(s.WordHashes(), s.InvokedHashes(), mayUse);
        }

        // The body's scope (BodyReader.Scope), whole declarations where that is made of parts: a
        // field's initializer is read with its type, so `T x = new()` is seen naming its type.
        private static IEnumerable<SyntaxNode> TextScope(SyntaxNode body) => body switch
        {
            VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } => new SyntaxNode[] { field },
            AccessorDeclarationSyntax { Parent.Parent: BasePropertyDeclarationSyntax owner } => new SyntaxNode[] { owner },
            _ => BodyReader.Scope(body),
        };
    }
}
