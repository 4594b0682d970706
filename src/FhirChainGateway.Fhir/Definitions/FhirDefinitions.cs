using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// The FHIR R4 definitions registry: types with their elements, StructureDefinition summaries, search
/// parameters, value sets and code systems. Immutable and thread-safe once loaded; create one per process
/// (or per test collection) with <see cref="Load(DefinitionsOptions)"/> and share it.
/// </summary>
/// <remarks>
/// The type model loads eagerly (from a compact cache when it is fresh); terminology and search parameters
/// load on first use, once, whichever thread asks first.
/// </remarks>
public sealed class FhirDefinitions
{
    private readonly Dictionary<string, TypeDefinition> _types;
    private readonly Dictionary<string, StructureDefinitionInfo> _structures;
    private readonly StructureDefinitionInfo[] _structureList;
    private readonly Dictionary<string, IReadOnlyList<string>> _baseChains;
    private readonly string[] _resourceTypeNames;
    private readonly HashSet<string> _resourceTypeSet;
    private readonly Lazy<TerminologyIndex> _terminology;
    private readonly Lazy<SearchParameterIndex> _searchParameters;

    internal FhirDefinitions(
        IReadOnlyList<TypeDefinition> types,
        IReadOnlyList<StructureDefinitionInfo> structures,
        Func<TerminologyIndex> terminology,
        Func<FhirDefinitions, SearchParameterIndex> searchParameters,
        DefinitionsLoadInfo loadInfo)
    {
        _types = new Dictionary<string, TypeDefinition>(types.Count, StringComparer.Ordinal);
        foreach (var type in types)
        {
            _types[type.Name] = type;
        }

        _structures = new Dictionary<string, StructureDefinitionInfo>(structures.Count * 2, StringComparer.Ordinal);
        foreach (var structure in structures)
        {
            // Local definitions come last, so a local profile with a core URL replaces it on purpose.
            _structures[structure.Url] = structure;
            if (structure.Version is not null)
            {
                _structures[structure.Url + "|" + structure.Version] = structure;
            }
        }

        _structureList = _structures.Values.Distinct().ToArray();
        _baseChains = new Dictionary<string, IReadOnlyList<string>>(types.Count, StringComparer.Ordinal);
        foreach (var type in types)
        {
            _baseChains[type.Name] = BuildBaseChain(type);
        }

        _resourceTypeNames = types
            .Where(t => t.Kind == TypeKind.Resource && !t.IsAbstract)
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();
        _resourceTypeSet = new HashSet<string>(_resourceTypeNames, StringComparer.Ordinal);

        foreach (var type in types)
        {
            ResolveContentReferences(type);
        }

        _terminology = new Lazy<TerminologyIndex>(terminology, LazyThreadSafetyMode.ExecutionAndPublication);
        _searchParameters = new Lazy<SearchParameterIndex>(() => searchParameters(this), LazyThreadSafetyMode.ExecutionAndPublication);
        LoadInfo = loadInfo;
    }

    /// <summary>The FHIR version these definitions describe.</summary>
    public string FhirVersion => "4.0.1";

    public DefinitionsLoadInfo LoadInfo { get; }

    /// <summary>Every type (primitive, complex, resource, logical) by name.</summary>
    public IReadOnlyCollection<TypeDefinition> Types => _types.Values;

    /// <summary>Every StructureDefinition known (core types, core extensions, local profiles), once each.</summary>
    public IReadOnlyCollection<StructureDefinitionInfo> Structures => _structureList;

    /// <summary>Names of the concrete resource types (abstract <c>Resource</c> and <c>DomainResource</c> excluded), sorted.</summary>
    public IReadOnlyCollection<string> ResourceTypeNames => _resourceTypeNames;

    /// <summary>Loads the registry; see <see cref="FhirDefinitionsLoader"/>.</summary>
    public static FhirDefinitions Load(DefinitionsOptions options) => FhirDefinitionsLoader.Load(options);

    /// <summary>Loads the registry from the located definitions (<see cref="DefinitionsLocator.Locate()"/>).</summary>
    public static FhirDefinitions LoadDefault() => FhirDefinitionsLoader.Load(DefinitionsLocator.Locate());

    public TypeDefinition? FindType(string typeName) =>
        _types.TryGetValue(typeName, out var type) ? type : null;

    /// <summary>Like <see cref="FindType"/> but throws a <see cref="KeyNotFoundException"/> naming the type when it is unknown.</summary>
    public TypeDefinition RequireType(string typeName) =>
        FindType(typeName) ?? throw new KeyNotFoundException($"Unknown FHIR type '{typeName}'.");

    /// <summary>A StructureDefinition by canonical URL, optionally with <c>|version</c>.</summary>
    public StructureDefinitionInfo? FindStructure(string canonicalUrl)
    {
        if (_structures.TryGetValue(canonicalUrl, out var structure))
        {
            return structure;
        }

        var bar = canonicalUrl.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 && _structures.TryGetValue(canonicalUrl[..bar], out structure) ? structure : null;
    }

    /// <summary>True for concrete resource types (<c>Patient</c>); false for the abstract <c>Resource</c>/<c>DomainResource</c> and everything else.</summary>
    public bool IsResourceType(string typeName) => _resourceTypeSet.Contains(typeName);

    public bool IsPrimitiveType(string typeName) => FindType(typeName) is { Kind: TypeKind.PrimitiveType };

    /// <summary>The types <paramref name="typeName"/> derives from, nearest first: <c>Patient</c> gives <c>DomainResource</c>, <c>Resource</c>.</summary>
    public IReadOnlyList<string> BaseTypesOf(string typeName) =>
        _baseChains.TryGetValue(typeName, out var chain) ? chain : [];

    /// <summary>True when <paramref name="typeName"/> is <paramref name="baseTypeName"/> or derives from it (<c>Age</c> is a <c>Quantity</c>).</summary>
    public bool IsSameOrSubtypeOf(string typeName, string baseTypeName)
    {
        if (string.Equals(typeName, baseTypeName, StringComparison.Ordinal))
        {
            return true;
        }

        var chain = BaseTypesOf(typeName);
        for (var i = 0; i < chain.Count; i++)
        {
            if (string.Equals(chain[i], baseTypeName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The elements of a type in definition order (empty for unknown types).</summary>
    public IReadOnlyList<ElementDefinitionInfo> ChildrenOf(string typeName) =>
        FindType(typeName)?.Root.Children ?? [];

    /// <summary>
    /// The child elements of an instance of <paramref name="element"/> whose type is <paramref name="instanceType"/>:
    /// the inline children of a backbone element, the children of a content reference's target
    /// (<c>Questionnaire.item.item</c>), or the elements of the named type (for choices and <c>Resource</c>-typed
    /// elements, the instance's own type).
    /// </summary>
    public IReadOnlyList<ElementDefinitionInfo> ChildrenOf(ElementDefinitionInfo element, string instanceType)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.HasInlineChildren)
        {
            return element.Children;
        }

        if (element.ContentReferenceTarget is { } target)
        {
            return target.Children;
        }

        return ChildrenOf(instanceType);
    }

    /// <summary>The child named <paramref name="name"/> (element name, without <c>[x]</c>) of an instance; see <see cref="ChildrenOf(ElementDefinitionInfo, string)"/>.</summary>
    public ElementDefinitionInfo? FindChild(ElementDefinitionInfo element, string instanceType, string name)
    {
        var children = ChildrenOf(element, instanceType);
        for (var i = 0; i < children.Count; i++)
        {
            if (string.Equals(children[i].Name, name, StringComparison.Ordinal))
            {
                return children[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Resolves a JSON property name under a parent: <c>valueQuantity</c> under an Observation gives
    /// <c>Observation.value[x]</c> with type <c>Quantity</c>. Null when the name is not an element there.
    /// </summary>
    public (ElementDefinitionInfo Element, string? InstanceType)? FindJsonProperty(ElementDefinitionInfo parent, string parentInstanceType, string jsonName)
    {
        var binding = ScopeOf(parent, parentInstanceType)?.FindJson(jsonName);
        return binding is null ? null : (binding.Element, binding.InstanceType);
    }

    /// <summary>
    /// An element by path, following types: <c>Patient.name.given</c>, <c>Observation.value[x]</c> (or <c>Observation.value</c>),
    /// <c>Questionnaire.item.item.linkId</c>. Null when any step is unknown or the step's type is ambiguous (a choice in the middle).
    /// </summary>
    public ElementDefinitionInfo? FindElement(string path)
    {
        var segments = path.Split('.');
        var type = FindType(segments[0]);
        if (type is null)
        {
            return null;
        }

        var current = type.Root;
        var currentType = type.Name;
        for (var i = 1; i < segments.Length; i++)
        {
            var name = segments[i].EndsWith("[x]", StringComparison.Ordinal) ? segments[i][..^3] : segments[i];
            var child = FindChild(current, currentType, name);
            if (child is null)
            {
                return null;
            }

            current = child;
            if (i < segments.Length - 1)
            {
                if (child.HasInlineChildren || child.ContentReferenceTarget is not null)
                {
                    currentType = child.Types.Count > 0 ? child.Types[0] : "BackboneElement";
                }
                else if (child.Types.Count == 1)
                {
                    currentType = child.Types[0];
                }
                else
                {
                    return null;
                }
            }
        }

        return current;
    }

    /// <summary>A ValueSet by canonical URL (optionally <c>|version</c>).</summary>
    public TerminologyResourceInfo? FindValueSet(string canonicalUrl) => _terminology.Value.Find("ValueSet", canonicalUrl);

    /// <summary>A CodeSystem by canonical URL (optionally <c>|version</c>).</summary>
    public TerminologyResourceInfo? FindCodeSystem(string canonicalUrl) => _terminology.Value.Find("CodeSystem", canonicalUrl);

    public IReadOnlyCollection<TerminologyResourceInfo> ValueSets => _terminology.Value.All("ValueSet");

    public IReadOnlyCollection<TerminologyResourceInfo> CodeSystems => _terminology.Value.All("CodeSystem");

    /// <summary>
    /// The search parameters that apply to a resource type, including those defined on <c>Resource</c> and
    /// <c>DomainResource</c>, sorted by code. A local parameter with the same code replaces the core one.
    /// </summary>
    public IReadOnlyList<SearchParameterInfo> SearchParametersFor(string resourceType) => _searchParameters.Value.For(resourceType);

    public SearchParameterInfo? FindSearchParameter(string resourceType, string code) => _searchParameters.Value.Find(resourceType, code);

    public SearchParameterInfo? FindSearchParameterByUrl(string url) => _searchParameters.Value.FindByUrl(url);

    /// <summary>
    /// Lookup of the JSON properties allowed under an instance of <paramref name="element"/> typed <paramref name="instanceType"/>;
    /// null when the type is unknown or has no children.
    /// </summary>
    internal ChildScope? ScopeOf(ElementDefinitionInfo? element, string instanceType)
    {
        if (element is not null && (element.HasInlineChildren || element.ContentReferenceTarget is not null))
        {
            return element.GetInlineScope(this);
        }

        return FindType(instanceType)?.GetScope(this);
    }

    /// <summary>The child lookup for a node of an instance tree (resources use their own type, not the element holding them).</summary>
    internal ChildScope? ScopeOf(ElementNode node) =>
        node.IsResource || node.Definition is null ? FindType(node.InstanceType)?.GetScope(this) : ScopeOf(node.Definition, node.InstanceType);

    private List<string> BuildBaseChain(TypeDefinition type)
    {
        var chain = new List<string>();
        var guard = new HashSet<string>(StringComparer.Ordinal) { type.Name };
        for (var baseName = type.BaseType; baseName is not null && guard.Add(baseName); baseName = FindType(baseName)?.BaseType)
        {
            chain.Add(baseName);
        }

        return chain;
    }

    private static void ResolveContentReferences(TypeDefinition type)
    {
        Dictionary<string, ElementDefinitionInfo>? byPath = null;
        Visit(type.Root);

        void Visit(ElementDefinitionInfo element)
        {
            if (element.ContentReference is { } reference && element.ContentReferenceTarget is null)
            {
                byPath ??= IndexPaths(type.Root);
                element.ContentReferenceTarget = byPath.GetValueOrDefault(reference);
            }

            foreach (var child in element.Children)
            {
                Visit(child);
            }
        }
    }

    private static Dictionary<string, ElementDefinitionInfo> IndexPaths(ElementDefinitionInfo root)
    {
        var index = new Dictionary<string, ElementDefinitionInfo>(StringComparer.Ordinal);
        var stack = new Stack<ElementDefinitionInfo>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var element = stack.Pop();
            index[element.Path] = element;
            foreach (var child in element.Children)
            {
                stack.Push(child);
            }
        }

        return index;
    }
}
