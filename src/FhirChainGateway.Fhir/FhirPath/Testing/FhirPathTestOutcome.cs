namespace FhirChainGateway.Fhir.FhirPath.Testing;

public enum FhirPathTestOutcome
{
    Passed,
    Failed,

    /// <summary>The test could not run (its input could not be loaded, e.g. no FHIR XML parser); not a failure of the engine.</summary>
    NotRun,
}
