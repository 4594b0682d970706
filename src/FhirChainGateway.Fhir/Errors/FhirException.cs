namespace FhirChainGateway.Fhir.Errors;

/// <summary>
/// The one error type for FHIR failures. Hosts turn it into an OperationOutcome with
/// <see cref="StatusCode"/> as the HTTP status in a single place; libraries never know about HTTP
/// beyond this number.
/// </summary>
public sealed class FhirException : Exception
{
    public FhirException(int statusCode, IReadOnlyList<OperationOutcomeIssue> issues)
        : base(issues.Count > 0 ? issues[0].Diagnostics : "FHIR processing failed")
    {
        StatusCode = statusCode;
        Issues = issues;
    }

    public FhirException(int statusCode, OperationOutcomeIssue issue)
        : this(statusCode, [issue])
    {
    }

    public int StatusCode { get; }

    public IReadOnlyList<OperationOutcomeIssue> Issues { get; }

    public static FhirException BadRequest(string diagnostics, string? location = null, string code = "invalid") =>
        new(400, OperationOutcomeIssue.Error(code, diagnostics, location));

    public static FhirException NotFound(string diagnostics) =>
        new(404, OperationOutcomeIssue.Error("not-found", diagnostics));

    public static FhirException Gone(string diagnostics) =>
        new(410, OperationOutcomeIssue.Error("deleted", diagnostics));

    public static FhirException Conflict(string diagnostics) =>
        new(409, OperationOutcomeIssue.Error("conflict", diagnostics));

    public static FhirException PreconditionFailed(string diagnostics) =>
        new(412, OperationOutcomeIssue.Error("conflict", diagnostics));

    public static FhirException Unprocessable(IReadOnlyList<OperationOutcomeIssue> issues) =>
        new(422, issues);

    public static FhirException PayloadTooLarge(string diagnostics) =>
        new(413, OperationOutcomeIssue.Error("too-costly", diagnostics));

    public static FhirException NotSupported(string diagnostics) =>
        new(501, OperationOutcomeIssue.Error("not-supported", diagnostics));
}
