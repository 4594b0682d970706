using System.Globalization;

namespace FhirChainGateway.Fhir.FhirPath.Testing;

/// <summary>Counts of a suite run; the pass rate is over the tests that ran.</summary>
public sealed record FhirPathTestSummary(int Total, int Passed, int Failed, int NotRun)
{
    public static FhirPathTestSummary Of(IReadOnlyCollection<FhirPathTestResult> results) => new(
        results.Count,
        results.Count(r => r.Outcome == FhirPathTestOutcome.Passed),
        results.Count(r => r.Outcome == FhirPathTestOutcome.Failed),
        results.Count(r => r.Outcome == FhirPathTestOutcome.NotRun));

    public int Run => Passed + Failed;

    public double PassRate => Run == 0 ? 0 : (double)Passed / Run;

    public override string ToString() =>
        NotRun == 0
            ? $"{Passed} passed, {Failed} failed"
            : $"{Passed} passed, {Failed} failed, {NotRun} not run ({(PassRate * 100).ToString("0.0", CultureInfo.InvariantCulture)}% of the {Run} that ran)";
}
