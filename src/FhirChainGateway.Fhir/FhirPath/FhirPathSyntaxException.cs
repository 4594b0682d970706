namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>The expression text does not follow the FHIRPath grammar.</summary>
public sealed class FhirPathSyntaxException : FhirPathException
{
    public FhirPathSyntaxException(string message, string expression, SourcePosition position)
        : base("Syntax error: " + message, expression, position)
    {
    }
}
