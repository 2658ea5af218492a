using System.Collections.Generic;
using System.Linq;
using LockContextAnalyzers.PerMethod;
using Microsoft.CodeAnalysis;

namespace LockContextAnalyzers.Interprocedural
{
    /// <summary>
    /// A context attribute that the call graph contradicts (LCA0009): reached by a call in another
    /// context or state, or registered where it gets another context. Facts only; the rule words them.
    /// </summary>
    internal sealed class AttributeContradiction
    {
        public AttributeContradiction(MethodSummary method, EntryContext declared, Location site, EntryContext reachedFrom,
            MethodSummary? caller = null, ContextKind kind = ContextKind.Process, bool bhOff = false, bool irqOff = false)
        {
            Method = method;
            Declared = declared;
            Location = site;
            ReachedFrom = reachedFrom;
            Caller = caller;
            Kind = kind;
            BhOff = bhOff;
            IrqOff = irqOff;
        }

        public MethodSummary Method { get; }
        public EntryContext Declared { get; }

        /// <summary>The call or registration that reaches it.</summary>
        public Location Location { get; }

        /// <summary>The context it is registered with (no caller), or the entry context of the caller's path.</summary>
        public EntryContext ReachedFrom { get; }

        /// <summary>The method whose call reaches it; null for a registration.</summary>
        public MethodSummary? Caller { get; }

        /// <summary>At the call: the context, and whether bh and irqs are off.</summary>
        public ContextKind Kind { get; }
        public bool BhOff { get; }
        public bool IrqOff { get; }
    }
}
