namespace LockContextAnalyzers.Relevance
{
    /// <summary>
    /// What the syntax of one body says about whom it can reach and who can reach it, read without
    /// binding: the identifiers its declaration mentions, the names by which other code reaches
    /// it, and the constructs that call members without naming them.
    /// </summary>
    internal sealed class BodyNames
    {
        public BodyNames(string[] mentioned, string[] exports, string[] invoked, ImplicitCalls uses, string? constructorOf, bool isOperator, bool isIndexer)
        {
            Mentioned = mentioned;
            Exports = exports;
            Invoked = invoked;
            Uses = uses;
            ConstructorOf = constructorOf;
            IsOperator = isOperator;
            IsIndexer = isIndexer;
        }

        /// <summary>Every identifier of the body and of its declaration (attributes, parameter and return types).</summary>
        public string[] Mentioned { get; }

        /// <summary>The names a caller writes to run this body: the method's, the property's or event's, the type's for a constructor.</summary>
        public string[] Exports { get; }

        /// <summary>Simple and member names this body invokes (<c>x(...)</c>, <c>a.x(...)</c>): delegate invocations when x is a variable.</summary>
        public string[] Invoked { get; }

        public ImplicitCalls Uses { get; }

        /// <summary>For instance constructors and instance initializers: the type they construct.</summary>
        public string? ConstructorOf { get; }

        /// <summary>A user-defined operator or conversion: called by syntax that names nothing.</summary>
        public bool IsOperator { get; }

        public bool IsIndexer { get; }

        public bool SameAs(BodyNames other) =>
            Uses == other.Uses && SameRoleAs(other) && TreeNames.Same(Mentioned, other.Mentioned) && TreeNames.Same(Invoked, other.Invoked);

        /// <summary>Reached by the same names and the same syntax: what other bodies' relevance can follow from this one, besides its mentions.</summary>
        public bool SameRoleAs(BodyNames other) =>
            ConstructorOf == other.ConstructorOf && IsOperator == other.IsOperator && IsIndexer == other.IsIndexer && TreeNames.Same(Exports, other.Exports);
    }
}
