using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers.Relevance
{
    internal sealed partial class TextSignals
    {
        /// <summary>
        /// One thread's reader of a tree's text: one pass over all of it (escapes, formatting
        /// characters, the model's words), then each body's scope scanned for the signals, its words
        /// kept in a table of their first places (no string made per word).
        /// </summary>
        private sealed class Scanner
        {
            private const byte InvokedHere = 1, NotInvokedHere = 2, InvokedAnywhere = 4;

            private static readonly string[] Keywords = SyntaxFacts.GetReservedKeywordKinds().Select(SyntaxFacts.GetText).ToArray();
            private static readonly HashSet<int> KeywordHashes = new HashSet<int>(Keywords.Select(Hash));
            private static readonly string[] ContextualKeywords = SyntaxFacts.GetContextualKeywordKinds().Select(SyntaxFacts.GetText).ToArray();
            private static readonly HashSet<int> ContextualHashes = new HashSet<int>(ContextualKeywords.Select(Hash));

            private char[] text = new char[4096];
            private int length;

            // The words of this tree: open addressing on hashes, each word's first place in the text.
            private int[] slotHash = new int[1024], slotStart = new int[1024], slotLength = new int[1024], slotBody = new int[1024];
            private byte[] slotFlags = new byte[1024];
            private bool[] slotKeyword = new bool[1024], slotTypeKeyword = new bool[1024], slotContextual = new bool[1024];
            private bool[] used = new bool[1024];
            private int count, body;

            public bool Load(SourceText source, HashSet<int>? readAtOnce)
            {
                length = source.Length;
                if (text.Length < length) text = new char[Math.Max(length, text.Length * 2)];
                source.CopyTo(0, text, 0, length);
                Array.Clear(used, 0, used.Length);
                count = 0;
                body = 0;
                for (int i = 0; i < length; i++)
                {
                    char c = text[i];
                    if (c == '\\' && i + 1 < length && (text[i + 1] == 'u' || text[i + 1] == 'U')) return false;
                    if (c >= 0x80 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) return false;
                    if (IsWordStart(c))
                    {
                        int j = i + 1;
                        while (j < length && IsWordPart(text[j])) j++;
                        // Only the bodies' words go into the table (ScanBody); here a word is only looked for.
                        if (readAtOnce != null && readAtOnce.Contains(HashOf(i, j - i))) return false;
                        i = j - 1;
                    }
                    else if (IsDigit(c))
                    {
                        while (i + 1 < length && IsWordPart(text[i + 1])) i++;
                    }
                }
                return true;
            }

            public void StartBody() => body++;

            public int[] WordHashes()
            {
                var hashes = new int[count];
                for (int i = 0, k = 0; i < used.Length; i++) if (used[i]) hashes[k++] = slotHash[i];
                return hashes;
            }

            public int[] InvokedHashes()
            {
                var hashes = new List<int>();
                for (int i = 0; i < used.Length; i++) if (used[i] && (slotFlags[i] & InvokedAnywhere) != 0) hashes.Add(slotHash[i]);
                return hashes.ToArray();
            }

            private enum Previous { None, Identifier, Keyword, CloseParen, CloseBracket, CloseBrace, Literal, PostfixBang, CommentEnd, Other }

            [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
            public ImplicitCalls ScanBody(int start, int end)
            {
                var uses = ImplicitCalls.None;
                var previous = Previous.None;
                bool lineStart = true;
                bool created = false; // between `new` and its `(`, `{` or `[`: a type's name, neither invoked nor declared
                int typed = 0; // `T x = new()` names its type (no target-typed new): 1 after a type's last token, 2 after its name, 3 after `=`
                for (int i = start; i < end; i++)
                {
                    char c = text[i];
                    if (c == '\n') { lineStart = true; continue; }
                    if (char.IsWhiteSpace(c)) continue;
                    bool opensLine = lineStart;
                    lineStart = false;
                    if (IsWordStart(c) || (c == '@' && i + 1 < end && IsWordStart(text[i + 1])))
                    {
                        bool verbatim = c == '@';
                        if (verbatim) i++;
                        int j = i + 1;
                        while (j < end && IsWordPart(text[j])) j++;
                        int slot = Slot(i, j - i);
                        int next = NextSignificant(j, end);
                        char after = next < end ? text[next] : '\0';
                        // A comment, a directive or the part's end between the word and what follows: it may be anything.
                        bool unsure = after == '/' || after == '#' || after == '\0';
                        uses |= WordSignals(i, j - i, after, unsure, namesItsType: typed == 3);
                        if (slotKeyword[slot] && !verbatim)
                        {
                            typed = slotTypeKeyword[slot] ? 1 : 0;
                            if (Is(i, j - i, "new")) created = true;
                            if ((after == '(' || unsure) && (Is(i, j - i, "this") || Is(i, j - i, "base") || Is(i, j - i, "true") || Is(i, j - i, "false") || Is(i, j - i, "null")))
                                uses |= ImplicitCalls.DelegateInvoke;
                            previous = Previous.Keyword;
                        }
                        else if (!created)
                        {
                            // `var`, `let`, `await`... never end a type: `let x = new()` and `await x = new()` are no declaration.
                            typed = slotContextual[slot] ? 0 : typed == 1 ? 2 : 1;
                            bool call = after == '(' || (after == '<' && MayBeGenericCall(next, end));
                            bool quoted = i > 0 && (text[i - 1] == '"' || text[i - 1] == '\''); // a literal's suffix: "..."u8(
                            if (quoted && (call || unsure)) uses |= ImplicitCalls.DelegateInvoke;
                            if (Mark(slot, call || unsure, !call || unsure)) uses |= ImplicitCalls.DelegateInvoke;
                            if ((call || unsure) && Is(i, j - i, "value")) uses |= ImplicitCalls.DelegateInvoke; // a setter's implicit parameter
                            previous = Previous.Identifier;
                        }
                        else
                        {
                            typed = 0;
                            previous = Previous.Identifier;
                        }
                        i = j - 1;
                        continue;
                    }
                    if (IsDigit(c))
                    {
                        while (i + 1 < end && IsWordPart(text[i + 1])) i++;
                        previous = Previous.Literal;
                        typed = 0;
                        continue;
                    }
                    typed = c switch
                    {
                        '=' when typed == 2 && (i + 1 >= end || (text[i + 1] != '=' && text[i + 1] != '>')) && i > 0 && "=!<>+-*/%&|^?".IndexOf(text[i - 1]) < 0 => 3,
                        '>' when text[i - 1] != '=' && text[i - 1] != '-' => 1, // a type argument list's end, not `=>` or `->`
                        ']' => 1,
                        _ => 0,
                    };
                    if (c is '(' or '{' or '[' or ';' or ')' or '=') created = false;
                    switch (c)
                    {
                        case '(':
                            if (opensLine || previous is Previous.CloseParen or Previous.CloseBracket or Previous.CloseBrace or Previous.Literal or Previous.PostfixBang or Previous.CommentEnd)
                                uses |= ImplicitCalls.DelegateInvoke;
                            previous = Previous.Other;
                            break;
                        case ')':
                            {
                                // `(a, b) = ...`, `var (a, b) = ...`: a deconstruction (and `=>`, which may close a positional pattern).
                                int next = NextSignificant(i + 1, end);
                                if (next >= end || text[next] == '/' || text[next] == '#' || (text[next] == '=' && (next + 1 >= end || text[next + 1] != '=')))
                                    uses |= ImplicitCalls.Deconstruction;
                                previous = Previous.CloseParen;
                                break;
                            }
                        case ']': previous = Previous.CloseBracket; break;
                        case '}': previous = Previous.CloseBrace; break;
                        case '"':
                        case '\'':
                            previous = Previous.Literal;
                            break;
                        case '!':
                            previous = previous is Previous.Identifier or Previous.CloseParen or Previous.CloseBracket && i > start && !char.IsWhiteSpace(text[i - 1])
                                ? Previous.PostfixBang : Previous.Other;
                            break;
                        case '*':
                            if (i + 1 < end && text[i + 1] == '/') { previous = Previous.CommentEnd; i++; }
                            else previous = Previous.Other;
                            break;
                        case '[':
                            uses |= ImplicitCalls.ElementAccess | ImplicitCalls.CollectionInit | ImplicitCalls.TargetTypedNew;
                            previous = Previous.Other;
                            break;
                        case '.':
                            if (i + 1 < end && text[i + 1] == '.') uses |= ImplicitCalls.ElementAccess;
                            previous = Previous.Other;
                            break;
                        case '^':
                            uses |= ImplicitCalls.ElementAccess;
                            previous = Previous.Other;
                            break;
                        case '$':
                            uses |= ImplicitCalls.Interpolation;
                            previous = Previous.Other;
                            break;
                        default:
                            previous = Previous.Other;
                            break;
                    }
                }
                return uses;
            }

            // The constructs a keyword (or a contextual one) opens, and the calls by the name Invoke.
            private ImplicitCalls WordSignals(int start, int length, char after, bool unsure, bool namesItsType)
            {
                switch (length)
                {
                    case 2 when Is(start, length, "is"):
                        return ImplicitCalls.Deconstruction;
                    case 3 when Is(start, length, "new"):
                        return ImplicitCalls.CollectionInit | ((after == '(' || unsure) && !namesItsType ? ImplicitCalls.TargetTypedNew : 0);
                    case 4 when Is(start, length, "from"):
                        return ImplicitCalls.Query;
                    case 4 when Is(start, length, "with"):
                        return ImplicitCalls.TargetTypedNew | ImplicitCalls.CollectionInit;
                    case 4 when Is(start, length, "case"):
                        return ImplicitCalls.Deconstruction;
                    case 5 when Is(start, length, "using"):
                        return ImplicitCalls.Using;
                    case 5 when Is(start, length, "await"):
                        return ImplicitCalls.Await;
                    case 5 when Is(start, length, "fixed"):
                        return ImplicitCalls.Fixed;
                    case 6 when Is(start, length, "switch"):
                        return ImplicitCalls.Deconstruction;
                    case 6 when Is(start, length, "Invoke"):
                        return ImplicitCalls.DelegateInvoke;
                    case 7 when Is(start, length, "foreach"):
                        return ImplicitCalls.Foreach | ImplicitCalls.Deconstruction;
                    case 11 when Is(start, length, "BeginInvoke"):
                    case 13 when Is(start, length, "DynamicInvoke"):
                        return ImplicitCalls.DelegateInvoke;
                    default:
                        return ImplicitCalls.None;
                }
            }

            // `F<A, B.C<D>[], (E, F)?>(`: a generic method's call; anything else after `<` is a comparison.
            private bool MayBeGenericCall(int open, int end)
            {
                int depth = 0;
                for (int i = open; i < end; i++)
                {
                    char c = text[i];
                    if (c == '<') depth++;
                    else if (c == '>')
                    {
                        if (--depth > 0) continue;
                        int next = NextSignificant(i + 1, end);
                        return next >= end || text[next] == '(' || text[next] == '/' || text[next] == '#';
                    }
                    else if (c == '/' || c == '#') return true;
                    else if (!(IsWordPart(c) || char.IsWhiteSpace(c) || c is '.' or ',' or '?' or '[' or ']' or '(' or ')' or '*' or ':' or '@')) return false;
                }
                return true;
            }

            // Records that this body has the word invoked or not; true when it now has it both ways (a local or parameter invoked: maybe a delegate).
            private bool Mark(int slot, bool invoked, bool notInvoked)
            {
                if (slotBody[slot] != body) { slotBody[slot] = body; slotFlags[slot] &= InvokedAnywhere; }
                if (invoked) slotFlags[slot] |= InvokedHere | InvokedAnywhere;
                if (notInvoked) slotFlags[slot] |= NotInvokedHere;
                return (slotFlags[slot] & (InvokedHere | NotInvokedHere)) == (InvokedHere | NotInvokedHere);
            }

            private int NextSignificant(int i, int end)
            {
                while (i < end && char.IsWhiteSpace(text[i])) i++;
                return i;
            }

            private bool Is(int start, int length, string word)
            {
                if (length != word.Length) return false;
                for (int k = 0; k < length; k++) if (text[start + k] != word[k]) return false;
                return true;
            }

            private int Slot(int start, int length)
            {
                int hash = HashOf(start, length);
                int mask = used.Length - 1;
                int i = hash & mask;
                while (used[i])
                {
                    if (slotHash[i] == hash && slotLength[i] == length && Same(slotStart[i], start, length)) return i;
                    i = (i + 1) & mask;
                }
                if (count * 2 >= used.Length)
                {
                    Grow();
                    return Slot(start, length);
                }
                used[i] = true;
                slotHash[i] = hash;
                slotStart[i] = start;
                slotLength[i] = length;
                slotBody[i] = 0;
                slotFlags[i] = 0;
                string? keyword = KeywordHashes.Contains(hash) ? Keywords.FirstOrDefault(k => Is(start, length, k)) : null;
                slotKeyword[i] = keyword != null;
                slotTypeKeyword[i] = keyword != null && SyntaxFacts.IsPredefinedType(SyntaxFacts.GetKeywordKind(keyword));
                slotContextual[i] = ContextualHashes.Contains(hash) && ContextualKeywords.Any(k => Is(start, length, k));
                count++;
                return i;
            }

            private void Grow()
            {
                var (hashes, starts, lengths, bodies, flags, keywords, typeKeywords, contextual, wasUsed) = (slotHash, slotStart, slotLength, slotBody, slotFlags, slotKeyword, slotTypeKeyword, slotContextual, used);
                int size = used.Length * 2;
                (slotHash, slotStart, slotLength, slotBody) = (new int[size], new int[size], new int[size], new int[size]);
                (slotFlags, slotKeyword, slotTypeKeyword, slotContextual, used) = (new byte[size], new bool[size], new bool[size], new bool[size], new bool[size]);
                for (int k = 0; k < wasUsed.Length; k++)
                {
                    if (!wasUsed[k]) continue;
                    int i = hashes[k] & (size - 1);
                    while (used[i]) i = (i + 1) & (size - 1);
                    (used[i], slotHash[i], slotStart[i], slotLength[i], slotBody[i], slotFlags[i]) = (true, hashes[k], starts[k], lengths[k], bodies[k], flags[k]);
                    (slotKeyword[i], slotTypeKeyword[i], slotContextual[i]) = (keywords[k], typeKeywords[k], contextual[k]);
                }
            }

            private bool Same(int a, int b, int length)
            {
                for (int k = 0; k < length; k++) if (text[a + k] != text[b + k]) return false;
                return true;
            }

            private int HashOf(int start, int length)
            {
                unchecked
                {
                    int h = (int)2166136261;
                    for (int k = 0; k < length; k++) h = (h ^ text[start + k]) * 16777619;
                    return h;
                }
            }

            private static bool IsDigit(char c) => c >= '0' && c <= '9';

            private static bool IsWordStart(char c) =>
                (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 0x80 && (char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.LetterNumber));

            private static bool IsWordPart(char c)
            {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') return true;
                if (c < 0x80) return false;
                switch (CharUnicodeInfo.GetUnicodeCategory(c))
                {
                    case UnicodeCategory.UppercaseLetter:
                    case UnicodeCategory.LowercaseLetter:
                    case UnicodeCategory.TitlecaseLetter:
                    case UnicodeCategory.ModifierLetter:
                    case UnicodeCategory.OtherLetter:
                    case UnicodeCategory.LetterNumber:
                    case UnicodeCategory.DecimalDigitNumber:
                    case UnicodeCategory.ConnectorPunctuation:
                    case UnicodeCategory.NonSpacingMark:
                    case UnicodeCategory.SpacingCombiningMark:
                        return true;
                    default:
                        return false;
                }
            }
        }
    }
}
