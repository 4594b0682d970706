namespace FhirChainGateway.Fhir.Definitions;

/// <summary>ElementDefinition.constraint.severity.</summary>
public enum ConstraintSeverity
{
    Error,
    Warning,
}
