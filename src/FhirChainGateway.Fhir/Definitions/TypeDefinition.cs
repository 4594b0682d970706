namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// A FHIR type (primitive, complex datatype, resource or logical model) defined by a core specialization
/// StructureDefinition. <see cref="Root"/> is the snapshot's root element; its <see cref="ElementDefinitionInfo.Children"/>
/// are the type's elements in spec order. For primitives the <c>value</c> element is not a child (the value
/// lives in <see cref="ElementModel.ElementNode.Text"/>); its facts are <see cref="ValuePattern"/>, <see cref="SystemType"/>
/// and <see cref="JsonType"/>.
/// </summary>
public sealed class TypeDefinition
{
    private ChildScope? _scope;

    /// <summary>Type name, e.g. <c>Patient</c>, <c>HumanName</c>, <c>dateTime</c>.</summary>
    public required string Name { get; init; }

    public required string Url { get; init; }

    public required TypeKind Kind { get; init; }

    public bool IsAbstract { get; init; }

    /// <summary>Name of the type this one specializes (<c>DomainResource</c> for <c>Patient</c>); null for <c>Element</c> and <c>Resource</c>.</summary>
    public string? BaseType { get; init; }

    public required ElementDefinitionInfo Root { get; init; }

    /// <summary>Regular expression the lexical value of a primitive must match (whole string), from the <c>regex</c> extension of its <c>value</c> element.</summary>
    public string? ValuePattern { get; init; }

    /// <summary>FHIRPath System type of a primitive's value, e.g. <c>System.DateTime</c> for <c>instant</c>.</summary>
    public string? SystemType { get; init; }

    /// <summary>JSON representation of a primitive's value; null for non-primitives.</summary>
    public PrimitiveJsonType? JsonType { get; init; }

    /// <summary>Maximum length of a primitive's value (1 MiB for string), when the definition sets one.</summary>
    public int? MaxLength { get; init; }

    public bool IsPrimitive => Kind == TypeKind.PrimitiveType;

    public bool IsResource => Kind == TypeKind.Resource;

    /// <summary>The type's elements in definition order (the root's children).</summary>
    public IReadOnlyList<ElementDefinitionInfo> Elements => Root.Children;

    public override string ToString() => Name;

    internal ChildScope GetScope(FhirDefinitions definitions)
    {
        if (_scope is not null)
        {
            return _scope;
        }

        var scope = new ChildScope(Root.Children, definitions);
        return Interlocked.CompareExchange(ref _scope, scope, null) ?? scope;
    }
}
