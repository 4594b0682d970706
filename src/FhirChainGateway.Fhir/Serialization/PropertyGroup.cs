using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Serialization;

/// <summary>
/// The children of a node that make one JSON property: same element (and, for a choice, same type), in the
/// positions <see cref="Start"/>..<see cref="Start"/>+<see cref="Count"/> of the ordered child list.
/// </summary>
internal readonly record struct PropertyGroup(
    ElementDefinitionInfo Element,
    JsonPropertyName Name,
    TypeDefinition? Type,
    bool IsResource,
    int Start,
    int Count)
{
    public bool IsPrimitive => !IsResource && Type is { Kind: TypeKind.PrimitiveType };
}
