namespace FhirChainGateway.Fhir.FhirPath.Testing;

/// <summary>One expected result item of a suite test: its type (<c>boolean</c>, <c>code</c>, ...; null when not stated) and text.</summary>
public sealed record FhirPathTestOutput(string? Type, string Value);
