using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LockContextAnalyzers.Relevance
{
    /// <summary>
    /// One tree's <see cref="BodyNames"/>, in the order <see cref="Bodies.Of"/> gives its bodies, with
    /// the tree's declarations. The declarations and the text's <see cref="TextSignals"/> are read at
    /// once; the bodies' names only when first asked (<see cref="Bodies"/>), since the propagation asks
    /// only for the trees whose text may matter.
    /// </summary>
    internal sealed class TreeNames
    {
        private static readonly ConditionalWeakTable<SyntaxTree, TreeNames> cache = new ConditionalWeakTable<SyntaxTree, TreeNames>();

        private TreeNames(SyntaxNode root, string?[] constructs, TextSignals? signals, string[] stores, string[] invocableStores, (string Type, string[] Bases)[] types, (string Alias, string Target)[] aliases, (string Member, string[] TypeNames)[] typedMembers)
        {
            this.root = root;
            Constructs = constructs;
            Signals = signals;
            InvocableStores = invocableStores;
            Stores = stores;
            Types = types;
            Aliases = aliases;
            TypedMembers = typedMembers;
        }

        private readonly SyntaxNode root; // the cached tree's own root: it keeps nothing alive the tree does not
        private readonly object gate = new object();
        private BodyNames[]? bodies;
        private HashSet<string>? allNames, declarationNames;

        /// <summary>Every body's names, read from its syntax the first time anyone asks.</summary>
        public BodyNames[] Bodies
        {
            get
            {
                var read = Volatile.Read(ref bodies);
                if (read != null) return read;
                lock (gate)
                {
                    if (bodies != null) return bodies;
                    var all = new BodyNames[BodyCount];
                    int i = 0;
                    foreach (var body in Relevance.Bodies.Of(root)) all[i++] = BodyReader.Read(body);
                    Volatile.Write(ref bodies, all);
                    return all;
                }
            }
        }

        /// <summary>Whether <see cref="Bodies"/> has been read: until then, <see cref="Signals"/> stands for it.</summary>
        public bool IsRead => Volatile.Read(ref bodies) != null;

        public int BodyCount => Constructs.Length;

        /// <summary>For each body, the type it constructs, from its declaration (<see cref="BodyNames.ConstructorOf"/>).</summary>
        public string?[] Constructs { get; }

        /// <summary>What the text says of the bodies before they are read; null when it cannot say or names the model (the bodies are read at once).</summary>
        public TextSignals? Signals { get; }

        /// <summary>
        /// Every identifier in the tree, in bodies and declarations: what a declaration edit elsewhere
        /// can affect here. Only an edit asks, so a build never pays for it.
        /// </summary>
        public HashSet<string> AllNames
        {
            get
            {
                var read = Bodies;
                lock (gate)
                {
                    if (allNames != null) return allNames;
                    var all = new HashSet<string>(DeclarationNamesLocked(), StringComparer.Ordinal);
                    foreach (var body in read) all.UnionWith(body.Mentioned);
                    return allNames = all;
                }
            }
        }

        /// <summary>Whether <see cref="AllNames"/> has one of these; a tree whose text has none of them is not read to say no.</summary>
        public bool MayName(HashSet<string> names)
        {
            if (!IsRead && Signals != null)
            {
                if (DeclarationNames.Overlaps(names)) return true;
                var words = new HashSet<int>(Signals.Words);
                if (!names.Any(n => words.Contains(TextSignals.Hash(n)))) return false;
            }
            return AllNames.Overlaps(names);
        }

        /// <summary>The identifiers outside every body: signatures, types' headers, attributes, usings.</summary>
        public HashSet<string> DeclarationNames
        {
            get { lock (gate) return DeclarationNamesLocked(); }
        }

        private HashSet<string> DeclarationNamesLocked()
        {
            if (declarationNames != null) return declarationNames;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var token in root.DescendantTokens(descendIntoChildren: n => n is CompilationUnitSyntax || !Relevance.Bodies.IsBody(n)))
                if (token.IsKind(SyntaxKind.IdentifierToken)) names.Add(token.ValueText);
            return declarationNames = names;
        }

        /// <summary>Names declared as fields, properties or events: what bodies share, and what a delegate can be stored in.</summary>
        public string[] Stores { get; }

        /// <summary>The <see cref="Stores"/> whose declared type can be a delegate's (not <c>int</c>, <c>string</c>, an array or a tuple).</summary>
        public string[] InvocableStores { get; }

        /// <summary>Each type declared here with the last identifiers of its base list (whose constructors it runs).</summary>
        public (string Type, string[] Bases)[] Types { get; }

        public (string Alias, string Target)[] Aliases { get; }

        /// <summary>Fields, properties, events and methods with the identifiers of their declared type.</summary>
        public (string Member, string[] TypeNames)[] TypedMembers { get; }

        /// <summary>The same bodies' count, stores, types, aliases and typed members: everything but what each body says.</summary>
        public bool SameDeclarationsAs(TreeNames other)
        {
            if (BodyCount != other.BodyCount || !Same(Stores, other.Stores) || !Same(InvocableStores, other.InvocableStores)
                || Types.Length != other.Types.Length || !Aliases.SequenceEqual(other.Aliases) || TypedMembers.Length != other.TypedMembers.Length)
                return false;
            for (int i = 0; i < Types.Length; i++)
                if (Types[i].Type != other.Types[i].Type || !Same(Types[i].Bases, other.Types[i].Bases)) return false;
            for (int i = 0; i < TypedMembers.Length; i++)
                if (TypedMembers[i].Member != other.TypedMembers[i].Member || !Same(TypedMembers[i].TypeNames, other.TypedMembers[i].TypeNames)) return false;
            return true;
        }

        internal static bool Same(string[] a, string[] b) => a.Length == b.Length && a.SequenceEqual(b, StringComparer.Ordinal);

        /// <summary>Read once per tree object: an edit makes a new tree, every other tree keeps its names.</summary>
        /// <param name="readAtOnce">Hashes of words (<see cref="TextSignals.Hash"/>) whose presence in the text has the bodies read now, not when asked.</param>
        public static TreeNames Of(SyntaxTree tree, CancellationToken ct, HashSet<int>? readAtOnce = null)
        {
            if (cache.TryGetValue(tree, out var known)) return known;
            var names = Read(tree.GetRoot(ct), tree.GetText(ct), readAtOnce, ct);
            lock (cache)
            {
                if (cache.TryGetValue(tree, out known)) return known;
                cache.Add(tree, names);
            }
            return names;
        }

        [System.Runtime.CompilerServices.MethodImpl(Jit.Optimized)]
        private static TreeNames Read(SyntaxNode root, SourceText text, HashSet<int>? readAtOnce, CancellationToken ct)
        {
            var bodies = new List<SyntaxNode>();
            var constructs = new List<string?>();
            var stores = new HashSet<string>(StringComparer.Ordinal);
            var invocable = new HashSet<string>(StringComparer.Ordinal);
            void Store(SyntaxToken name, TypeSyntax? type)
            {
                stores.Add(name.ValueText);
                if (type == null || MayBeDelegate(type)) invocable.Add(name.ValueText);
            }
            var types = new List<(string, string[])>();
            var aliases = new List<(string, string)>();
            var typed = new List<(string, string[])>();
            // One walk in the order of Bodies.Of: declarations outside bodies are read here, the bodies' names when asked.
            foreach (var node in root.DescendantNodesAndSelf(descendIntoChildren: n => n is CompilationUnitSyntax || !Relevance.Bodies.IsBody(n)))
            {
                if (Relevance.Bodies.IsBody(node))
                {
                    ct.ThrowIfCancellationRequested();
                    bodies.Add(node);
                    constructs.Add(BodyReader.Exports(node).ConstructorOf);
                }
                switch (node)
                {
                    case VariableDeclaratorSyntax v when v.Parent?.Parent is BaseFieldDeclarationSyntax field:
                        Store(v.Identifier, field.Declaration.Type);
                        typed.Add((v.Identifier.ValueText, TypeNames(field.Declaration.Type, field.AttributeLists)));
                        break;
                    case PropertyDeclarationSyntax p:
                        Store(p.Identifier, p.Type);
                        typed.Add((p.Identifier.ValueText, TypeNames(p.Type, p.AttributeLists)));
                        break;
                    case EventDeclarationSyntax e:
                        Store(e.Identifier, e.Type);
                        typed.Add((e.Identifier.ValueText, TypeNames(e.Type, default)));
                        break;
                    case MethodDeclarationSyntax m:
                        typed.Add((m.Identifier.ValueText, TypeNames(m.ReturnType, default)));
                        break;
                    case ParameterSyntax parameter when parameter.Parent?.Parent is TypeDeclarationSyntax && parameter.Type != null:
                        // A record's or class's primary-constructor parameter: a property or a captured field.
                        Store(parameter.Identifier, parameter.Type);
                        typed.Add((parameter.Identifier.ValueText, TypeNames(parameter.Type, default)));
                        break;
                    case BaseTypeDeclarationSyntax type:
                        types.Add((type.Identifier.ValueText, type.BaseList?.Types.Select(b => LastIdentifier(b.Type)).Where(n => n != null).Select(n => n!).ToArray() ?? Array.Empty<string>()));
                        break;
                    case UsingDirectiveSyntax u when u.Alias != null && u.Name != null:
                        if (LastIdentifier(u.Name) is string target) aliases.Add((u.Alias.Name.Identifier.ValueText, target));
                        break;
                }
            }
            var signals = TextSignals.Of(text, bodies, readAtOnce);
            var names = new TreeNames(root, constructs.ToArray(), signals, stores.ToArray(), invocable.ToArray(), types.ToArray(), aliases.ToArray(), typed.ToArray());
            if (signals == null) _ = names.Bodies; // the text cannot stand for the syntax, or names the model: read now
            return names;
        }

        // `int Count`, `string[] names`, `(int, int) pair` cannot be invoked: a `.Count()` elsewhere is a method.
        private static bool MayBeDelegate(TypeSyntax type) => type switch
        {
            PredefinedTypeSyntax _ => false,
            ArrayTypeSyntax _ => false,
            TupleTypeSyntax _ => false,
            NullableTypeSyntax n => MayBeDelegate(n.ElementType),
            _ => true,
        };

        // Called for every member of every tree: a loop, where LINQ made five objects per member.
        private static string[] TypeNames(TypeSyntax type, SyntaxList<AttributeListSyntax> attributes)
        {
            if (attributes.Count == 0)
            {
                if (type is PredefinedTypeSyntax) return Array.Empty<string>();
                if (type is IdentifierNameSyntax simple) return new[] { simple.Identifier.ValueText };
            }
            var names = new List<string>();
            foreach (var token in type.DescendantTokens())
                if (token.IsKind(SyntaxKind.IdentifierToken) && !names.Contains(token.ValueText)) names.Add(token.ValueText);
            // With its attributes: a [GuardedBy] member is the model's business whatever its type.
            foreach (var list in attributes)
                foreach (var attribute in list.Attributes)
                    if (LastIdentifier(attribute.Name) is string name) names.Add(name);
            return names.Count == 0 ? Array.Empty<string>() : names.ToArray();
        }

        /// <summary>The name a type is declared by: <c>Base</c> of <c>N.Base&lt;T&gt;</c>.</summary>
        internal static string? LastIdentifier(SyntaxNode node) => node switch
        {
            IdentifierNameSyntax i => i.Identifier.ValueText,
            GenericNameSyntax g => g.Identifier.ValueText,
            QualifiedNameSyntax q => LastIdentifier(q.Right),
            AliasQualifiedNameSyntax a => LastIdentifier(a.Name),
            _ => null,
        };
    }
}
