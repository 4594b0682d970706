namespace FhirChainGateway.Fhir.Definitions;

/// <summary>ElementDefinition.binding: the value set a coded element is bound to (canonical URL, possibly with |version).</summary>
public sealed record ElementBinding(BindingStrength Strength, string? ValueSet);
