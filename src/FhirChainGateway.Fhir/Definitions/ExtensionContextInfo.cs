namespace FhirChainGateway.Fhir.Definitions;

/// <summary>StructureDefinition.context of an extension definition: where the extension may be used.</summary>
public sealed record ExtensionContextInfo(string Type, string Expression);
