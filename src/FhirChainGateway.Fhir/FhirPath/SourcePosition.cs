namespace FhirChainGateway.Fhir.FhirPath;

/// <summary>A place in the expression text: 0-based offset, 1-based line and column.</summary>
public readonly record struct SourcePosition(int Offset, int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
