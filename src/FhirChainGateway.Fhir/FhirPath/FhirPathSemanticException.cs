namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>
/// The expression is well formed but meaningless for the types involved (an unknown element on a known type, a
/// function given arguments of the wrong type, an unknown function); reported when compiling.
/// </summary>
public sealed class FhirPathSemanticException : FhirPathException
{
    public FhirPathSemanticException(string message, string expression, SourcePosition? position)
        : base(message, expression, position)
    {
    }
}
