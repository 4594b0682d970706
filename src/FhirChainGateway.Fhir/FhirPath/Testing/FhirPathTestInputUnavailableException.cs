namespace FhirChainGateway.Fhir.FhirPath.Testing;

/// <summary>A test input cannot be loaded for a reason outside the engine (missing file, no parser for its format).</summary>
public sealed class FhirPathTestInputUnavailableException(string message) : Exception(message);
