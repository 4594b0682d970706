namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// The compact part of an ElementDefinition that parsing, serialization and structural validation need.
/// Built once from the snapshots of the HL7 definitions (or from the compact cache) and shared read-only.
/// </summary>
public sealed class ElementDefinitionInfo
{
    /// <summary>Full path, e.g. <c>Patient.contact.name</c> or <c>Observation.value[x]</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Last path segment without <c>[x]</c>: <c>value</c> for <c>Observation.value[x]</c>.</summary>
    public required string Name { get; init; }

    /// <summary>True for <c>[x]</c> elements, whose JSON name carries the type (<c>valueQuantity</c>).</summary>
    public bool IsChoice { get; init; }

    public int Min { get; init; }

    /// <summary>Maximum cardinality; null means unbounded (<c>*</c>).</summary>
    public int? Max { get; init; }

    /// <summary>
    /// True when the JSON form is an array: decided by the base definition's max (a profile that narrows
    /// a list to 1 keeps the array form), so it can differ from <see cref="Max"/>.
    /// </summary>
    public bool IsCollection { get; init; }

    /// <summary>Allowed type codes (<c>string</c>, <c>Quantity</c>, <c>Reference</c>, <c>BackboneElement</c>, ...).</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Inline children of a BackboneElement/Element; empty for elements typed by a named type.</summary>
    public IReadOnlyList<ElementDefinitionInfo> Children { get; init; } = [];

    /// <summary>For elements defined by reference to another (<c>#Questionnaire.item</c>), that element's path.</summary>
    public string? ContentReference { get; init; }

    /// <summary>Position among the siblings in the definition: serializers write elements in this order.</summary>
    public int Order { get; init; }

    public bool IsModifier { get; init; }

    public bool IsSummary { get; init; }

    public override string ToString() => Path;
}
