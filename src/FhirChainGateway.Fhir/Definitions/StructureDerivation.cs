namespace FhirChainGateway.Fhir.Definitions;

/// <summary>StructureDefinition.derivation; <see cref="None"/> for the roots (Element, Resource) that derive from nothing.</summary>
public enum StructureDerivation
{
    None,
    Specialization,
    Constraint,
}
