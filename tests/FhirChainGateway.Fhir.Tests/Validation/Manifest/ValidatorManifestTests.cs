using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.TestSupport;
using Xunit.Abstractions;

namespace FhirChainGateway.Fhir.Tests.Validation.Manifest;

/// <summary>
/// Agreement with the HL7 reference (Java) validator on the R4 cases of the HL7 validator test suite: the verdict
/// (errors or not) of every counted case is compared with the one the Java validator recorded. The figure is
/// reported; it must be at least 90% (Firely's recorded outcomes agree on 69% of the cases where both exist), and every
/// disagreement must be listed, with its reason, in <c>validator-disagreements.md</c> beside this folder.
/// </summary>
[Collection(ValidationCollection.Name)]
public sealed partial class ValidatorManifestTests(ValidationFixture fixture, ITestOutputHelper output)
{
    public const double RequiredAgreement = 0.90;

    public static string DisagreementsFile =>
        Path.Combine(TestData.RepositoryRoot, "tests", "FhirChainGateway.Fhir.Tests", "Validation", "validator-disagreements.md");

    [TestDataFact]
    public void Verdicts_agree_with_the_HL7_validator_on_at_least_90_percent_of_the_counted_R4_cases()
    {
        var cases = ValidatorTestCase.Load();
        var counted = cases.Where(c => c.IsCounted).ToList();
        var disagreements = new List<(ValidatorTestCase Case, IReadOnlyList<OperationOutcomeIssue> Issues)>();
        foreach (var testCase in counted)
        {
            var issues = ValidatorCaseRunner.Run(testCase, fixture);
            if (HasErrors(issues) != testCase.JavaHasErrors)
            {
                disagreements.Add((testCase, issues));
            }
        }

        var agreement = 1.0 - (double)disagreements.Count / counted.Count;
        output.WriteLine($"Agreement with the HL7 validator: {counted.Count - disagreements.Count}/{counted.Count} = {agreement:P1} (required {RequiredAgreement:P0}).");
        ReportSeparateCounts(cases);

        var listed = ListedDisagreements();
        var unlisted = disagreements.Where(d => !listed.ContainsKey(d.Case.Id)).ToList();
        foreach (var (testCase, issues) in disagreements)
        {
            output.WriteLine($"  {(listed.ContainsKey(testCase.Id) ? "listed  " : "UNLISTED")} {testCase.Id}: HL7 {(testCase.JavaHasErrors == true ? "errors" : "valid")}, ours {(HasErrors(issues) ? "errors" : "valid")}");
        }

        foreach (var stale in listed.Keys.Except(disagreements.Select(d => d.Case.Id)))
        {
            output.WriteLine($"  listed but now agreeing (remove from the list): {stale}");
        }

        unlisted.Count.ShouldBe(
            0,
            "Disagreements missing from validator-disagreements.md:" + Environment.NewLine + string.Join(Environment.NewLine, unlisted.Select(d =>
                $"{d.Case.Id}: HL7 {(d.Case.JavaHasErrors == true ? "errors" : "valid")}; ours: " +
                string.Join(" | ", d.Issues.Where(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal).Take(3).Select(i => $"{i.Location}: {i.Diagnostics}")))));
        agreement.ShouldBeGreaterThanOrEqualTo(RequiredAgreement);
    }

    [TestDataFact]
    public void Every_listed_disagreement_has_a_reason_and_names_a_counted_case()
    {
        var counted = ValidatorTestCase.Load().Where(c => c.IsCounted).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        var listed = ListedDisagreements();

        listed.ShouldNotBeEmpty();
        foreach (var (id, reason) in listed)
        {
            counted.ShouldContain(id, $"{id} is listed in validator-disagreements.md but is not a counted case.");
            reason.Trim().Length.ShouldBeGreaterThan(10, $"{id} needs a reason.");
        }
    }

    private static bool HasErrors(IReadOnlyList<OperationOutcomeIssue> issues) =>
        issues.Any(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal);

    /// <summary>The table rows of the disagreement list: <c>| `case` | step | HL7 | ours | reason |</c>.</summary>
    private static Dictionary<string, string> ListedDisagreements()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(DisagreementsFile))
        {
            var match = Row().Match(line);
            if (match.Success)
            {
                result[$"{match.Groups["name"].Value} [{match.Groups["step"].Value}]"] = match.Groups["reason"].Value;
            }
        }

        return result;
    }

    private void ReportSeparateCounts(List<ValidatorTestCase> cases)
    {
        var terminology = cases.Where(c => c.IsTerminologyCase && !c.NeedsPackages && c.JavaHasErrors is not null && c.IsReadable).ToList();
        var terminologyAgreeing = terminology.Count(c => HasErrors(ValidatorCaseRunner.Run(c, fixture)) == c.JavaHasErrors);
        output.WriteLine($"Counted separately: module tx without packages: {terminologyAgreeing}/{terminology.Count} agree (they depend on a terminology server);");
        output.WriteLine($"  cases needing IG packages (not present, not run): {cases.Count(c => c.NeedsPackages)};");
        output.WriteLine($"  steps without a recorded HL7 verdict: {cases.Count(c => c.JavaHasErrors is null)}; instances not in JSON/XML or missing: {cases.Count(c => c.JavaHasErrors is not null && !c.IsReadable)}.");
    }

    [GeneratedRegex(@"^\|\s*`(?<name>[^`]+)`\s*\|\s*(?<step>base|profile)\s*\|[^|]*\|[^|]*\|(?<reason>.*)\|\s*$")]
    private static partial Regex Row();
}
