namespace FhirChainGateway.Fhir.Serialization;

/// <summary>Limits for <see cref="FhirJsonParser"/>. The defaults suit a gateway taking resources and Bundles over HTTP.</summary>
public sealed record FhirJsonParserOptions
{
    /// <summary>64 nested JSON objects/arrays: the deepest R4 resource (a nested Questionnaire in a Bundle) needs far fewer.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>16 MiB: above the largest Synthea transaction bundle (~6 MB) with room to spare.</summary>
    public const long DefaultMaxBytes = 16L * 1024 * 1024;

    /// <summary>Errors collected before parsing gives up: enough to fix a document in one go, bounded so a hostile body cannot make a huge outcome.</summary>
    public const int DefaultMaxIssues = 100;

    /// <summary>Upper bound for <see cref="MaxDepth"/>: the parser recurses per level and must not exhaust the stack.</summary>
    public const int MaxSupportedDepth = 512;

    public static FhirJsonParserOptions Default { get; } = new();

    /// <summary>Maximum nesting of JSON objects and arrays; deeper documents are rejected (400).</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>Maximum size of the UTF-8 body; larger bodies are rejected (413).</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    public int MaxIssues { get; init; } = DefaultMaxIssues;
}
