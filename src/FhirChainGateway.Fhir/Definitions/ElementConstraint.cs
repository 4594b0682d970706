namespace FhirChainGateway.Fhir.Definitions;

/// <summary>
/// One invariant of an element (ElementDefinition.constraint), kept so the FHIRPath invariant validator can run
/// <see cref="Expression"/> against instances; <see cref="Source"/> is the StructureDefinition that declared it.
/// </summary>
public sealed record ElementConstraint(string Key, ConstraintSeverity Severity, string Human, string? Expression, string? Source);
