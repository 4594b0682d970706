namespace FhirChainGateway.Fhir.Serialization;

public sealed record FhirJsonSerializerOptions
{
    public static FhirJsonSerializerOptions Default { get; } = new();

    public static FhirJsonSerializerOptions Pretty { get; } = new() { Indented = true };

    /// <summary>Indent the output (for people); compact by default (for wire and storage).</summary>
    public bool Indented { get; init; }
}
