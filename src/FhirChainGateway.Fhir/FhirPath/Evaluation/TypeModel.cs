using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// The engine's view of the FHIR type system: the definitions registry when there is one, otherwise a small
/// built-in hierarchy (primitives, the Quantity family) so type tests still behave sensibly.
/// </summary>
internal sealed class TypeModel
{
    public static readonly TypeModel WithoutDefinitions = new(null);

    public TypeModel(FhirDefinitions? definitions) => Definitions = definitions;

    public FhirDefinitions? Definitions { get; }

    /// <summary>Null when there are no definitions to ask (the answer is unknown).</summary>
    public bool? IsKnownFhirType(string name) => Definitions is null ? null : Definitions.FindType(name) is not null;

    public bool IsSameOrSubtypeOf(string typeName, string ancestor)
    {
        if (string.Equals(typeName, ancestor, StringComparison.Ordinal))
        {
            return true;
        }

        if (Definitions is not null && Definitions.FindType(typeName) is not null)
        {
            return Definitions.IsSameOrSubtypeOf(typeName, ancestor);
        }

        for (var current = SystemTypes.FallbackBaseOf(typeName); current is not null; current = SystemTypes.FallbackBaseOf(current))
        {
            if (string.Equals(current, ancestor, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsPrimitive(string typeName) =>
        Definitions?.FindType(typeName) is { } type ? type.IsPrimitive : SystemTypes.IsFhirPrimitive(typeName);

    public bool IsAbstract(string typeName) => Definitions?.FindType(typeName)?.IsAbstract ?? false;

    /// <summary>True for resource types, the abstract Resource and DomainResource included.</summary>
    public bool IsResourceType(string typeName) => Definitions?.FindType(typeName) is { Kind: TypeKind.Resource };

    /// <summary>The elements under an instance of <paramref name="typeName"/> defined by <paramref name="element"/>; null when unknown.</summary>
    public IReadOnlyList<ElementDefinitionInfo>? ChildrenOf(string typeName, ElementDefinitionInfo? element)
    {
        if (Definitions is null)
        {
            return null;
        }

        if (element is not null && (element.HasInlineChildren || element.ContentReferenceTarget is not null))
        {
            return Definitions.ChildrenOf(element, typeName);
        }

        return Definitions.FindType(typeName)?.Root.Children;
    }
}
