using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Incremental
{
    /// <summary>
    /// Everything a tree's facts say, written out as text with every location as file, line and
    /// column, never as an offset. Two versions of a tree with the same fingerprint give the
    /// analysis the same input, and every finding the same words (messages name lines) at the
    /// same lines and columns: so when an edit leaves every tree's fingerprint as it was, the
    /// previous findings stand, moved to the new tree (<see cref="FindingsReuse"/>).
    /// </summary>
    /// <remarks>
    /// Read by reflection over the facts' properties (not fields: lazily built lookups are fields),
    /// so a property added to a site is part of it without anyone remembering to add it here.
    /// Symbols are written by their identity across compilations (<see cref="SymbolIdentity"/>),
    /// locals and lambdas' parameters (<see cref="PerMethod.BodySymbol"/>) by name and declaration
    /// place, a lambda or local function by its summary (written out where first met). An order
    /// that depends on hashing makes two equal sets print differently: that only costs a full analysis, never a wrong reuse.
    /// </remarks>
    internal static class FactsFingerprint
    {
        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> properties = new ConcurrentDictionary<Type, PropertyInfo[]>();

        public static string Of(IEnumerable<object?> facts)
        {
            var text = new StringBuilder();
            var seen = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
            foreach (var fact in facts) { Write(text, fact, seen); text.Append('\n'); }
            return text.ToString();
        }

        private static void Write(StringBuilder text, object? value, Dictionary<object, int> seen)
        {
            switch (value)
            {
                case null:
                    text.Append('~');
                    return;
                case string s:
                    text.Append('"').Append(s.Replace("\"", "\\\"")).Append('"');
                    return;
                case Enum or bool or int or long or uint or ulong or short or byte or char or double:
                    text.Append(value);
                    return;
                case ISymbol symbol:
                    text.Append(SymbolIdentity.Describe(symbol));
                    return;
                case Location location:
                    Write(text, location);
                    return;
            }
            var type = value.GetType();
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>)
                && (bool)type.GetProperty("IsDefault")!.GetValue(value)!)
            {
                text.Append("default");
                return;
            }
            // Anything of the compiler's but symbols and locations is not ours to read: no fingerprint, no reuse.
            if (type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true && value is not IEnumerable)
                throw new NotSupportedException("a fact holds " + type.FullName);
            if (!type.IsValueType)
            {
                if (seen.TryGetValue(value, out int id)) { text.Append('#').Append(id); return; }
                seen[value] = seen.Count;
            }
            if (value is IEnumerable sequence)
            {
                text.Append('[');
                foreach (var item in sequence) { Write(text, item, seen); text.Append(','); }
                text.Append(']');
                return;
            }
            text.Append(type.Name).Append('{');
            foreach (var property in properties.GetOrAdd(type, Readable))
            {
                text.Append(property.Name).Append('=');
                Write(text, property.GetValue(value), seen);
                text.Append(';');
            }
            text.Append('}');
        }

        private static void Write(StringBuilder text, Location location)
        {
            if (!location.IsInSource) { text.Append("@meta"); return; }
            var span = location.GetLineSpan();
            text.Append('@').Append(span.Path).Append(':').Append(span.StartLinePosition.Line).Append('.').Append(span.StartLinePosition.Character)
                .Append('-').Append(span.EndLinePosition.Line).Append('.').Append(span.EndLinePosition.Character);
        }

        private static PropertyInfo[] Readable(Type type) =>
            type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .ToArray();

        private sealed class ReferenceEqualityComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceEqualityComparer Instance = new ReferenceEqualityComparer();
            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
            public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }
}
