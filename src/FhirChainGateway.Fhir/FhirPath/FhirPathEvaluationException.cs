using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>
/// A run-time error the specification defines, e.g. a singleton expected but a collection found, or operands of
/// types an operator does not accept.
/// </summary>
public sealed class FhirPathEvaluationException : FhirPathException
{
    public FhirPathEvaluationException(string message, string expression = "", SourcePosition? position = null, Exception? inner = null)
        : base(message, expression, position, inner)
    {
    }

    public override OperationOutcomeIssue ToIssue(string? location = null) =>
        new(IssueSeverity.Error, "processing", Message, location, Position?.Line, Position?.Column);
}
