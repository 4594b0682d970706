namespace FhirChainGateway.Fhir.Definitions;

/// <summary>ElementDefinition.binding.strength.</summary>
public enum BindingStrength
{
    Required,
    Extensible,
    Preferred,
    Example,
}
