namespace FhirChainGateway.Fhir.Errors;

/// <summary>OperationOutcome.issue.severity (http://hl7.org/fhir/issue-severity).</summary>
public enum IssueSeverity
{
    Fatal,
    Error,
    Warning,
    Information,
}
