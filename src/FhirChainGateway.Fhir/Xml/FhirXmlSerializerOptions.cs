namespace FhirChainGateway.Fhir.Xml;

public sealed record FhirXmlSerializerOptions
{
    public static FhirXmlSerializerOptions Default { get; } = new();

    public static FhirXmlSerializerOptions Pretty { get; } = new() { Indented = true };

    /// <summary>Indent the output (for people); compact by default (for wire and storage). Narrative is never re-indented.</summary>
    public bool Indented { get; init; }

    /// <summary>Start documents with <c>&lt;?xml version="1.0" encoding="UTF-8"?&gt;</c>.</summary>
    public bool XmlDeclaration { get; init; } = true;
}
