using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>Base of every FHIRPath failure; carries the expression and, where known, the 1-based line and column.</summary>
public abstract class FhirPathException : Exception
{
    private protected FhirPathException(string message, string expression, SourcePosition? position, Exception? inner = null)
        : base(Describe(message, position), inner)
    {
        Expression = expression;
        Position = position;
        Detail = message;
    }

    public string Expression { get; }

    public SourcePosition? Position { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Detail { get; }

    /// <summary>The failure as an OperationOutcome issue (<c>invalid</c> for compile errors, <c>processing</c> at run time).</summary>
    public virtual OperationOutcomeIssue ToIssue(string? location = null) =>
        new(IssueSeverity.Error, "invalid", Message, location, Position?.Line, Position?.Column);

    private static string Describe(string message, SourcePosition? position) =>
        position is { } p ? $"{message} (at line {p.Line}, column {p.Column})" : message;
}
