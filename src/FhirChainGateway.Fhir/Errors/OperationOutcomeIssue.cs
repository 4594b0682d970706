namespace FhirChainGateway.Fhir.Errors;

/// <summary>
/// One OperationOutcome issue. <paramref name="Code"/> is a code from http://hl7.org/fhir/issue-type
/// (e.g. "structure", "required", "value", "invariant", "not-found", "conflict", "processing").
/// <paramref name="Location"/> is a FHIRPath-style location such as <c>Patient.name[0].given[1]</c>;
/// line and column point into the source document where the parser knew them.
/// </summary>
public sealed record OperationOutcomeIssue(
    IssueSeverity Severity,
    string Code,
    string Diagnostics,
    string? Location = null,
    int? Line = null,
    int? Column = null)
{
    public static OperationOutcomeIssue Error(string code, string diagnostics, string? location = null) =>
        new(IssueSeverity.Error, code, diagnostics, location);

    public static OperationOutcomeIssue Warning(string code, string diagnostics, string? location = null) =>
        new(IssueSeverity.Warning, code, diagnostics, location);

    public static OperationOutcomeIssue Information(string code, string diagnostics, string? location = null) =>
        new(IssueSeverity.Information, code, diagnostics, location);
}
