namespace FhirChainGateway.Fhir.Definitions;

/// <summary>The cacheable part of the registry: the core type model and the summaries of core StructureDefinitions.</summary>
internal sealed record CoreModel(IReadOnlyList<TypeDefinition> Types, IReadOnlyList<StructureDefinitionInfo> Structures);
