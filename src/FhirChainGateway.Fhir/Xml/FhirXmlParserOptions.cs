namespace FhirChainGateway.Fhir.Xml;

/// <summary>Limits for <see cref="FhirXmlParser"/>. The defaults match <see cref="Serialization.FhirJsonParserOptions"/> where the formats allow.</summary>
public sealed record FhirXmlParserOptions
{
    /// <summary>
    /// 128 nested elements. Higher than the JSON limit (64 objects and arrays) because XML spends a level on every
    /// resource container (<c>&lt;contained&gt;&lt;Patient&gt;</c>) and narrative XHTML (tables in lists in divs) nests
    /// deeper than the FHIR structure around it.
    /// </summary>
    public const int DefaultMaxDepth = 128;

    /// <summary>16 MiB, as for JSON: FHIR XML is rarely more than 1.5 times the size of the same JSON.</summary>
    public const long DefaultMaxBytes = 16L * 1024 * 1024;

    /// <summary>Errors collected before parsing gives up, as for JSON.</summary>
    public const int DefaultMaxIssues = 100;

    public static FhirXmlParserOptions Default { get; } = new();

    /// <summary>Maximum nesting of XML elements (XHTML narrative included); deeper documents are rejected (400).</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>Maximum size of the UTF-8 body (and of a string's UTF-8 form); larger bodies are rejected (413, as for JSON).</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    public int MaxIssues { get; init; } = DefaultMaxIssues;
}
