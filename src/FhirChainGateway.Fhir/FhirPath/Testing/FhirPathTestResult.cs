namespace FhirChainGateway.Fhir.FhirPath.Testing;

/// <summary>The result of one suite test, with the reason when it did not pass.</summary>
public sealed record FhirPathTestResult(FhirPathTestCase Case, FhirPathTestOutcome Outcome, string? Reason = null)
{
    public bool Passed => Outcome == FhirPathTestOutcome.Passed;

    public override string ToString() => Reason is null ? $"{Outcome} {Case.Id}" : $"{Outcome} {Case.Id}: {Reason}";
}
