using System.Text;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.Serialization;

/// <summary>
/// Parses FHIR JSON into a typed <see cref="ElementNode"/> tree. Strict: anything that is not valid FHIR JSON
/// (syntax, unknown or duplicate properties, wrong JSON types, arrays where the definition says single and the
/// reverse, empty arrays, nulls outside primitive arrays, nesting or size over the limits) is rejected with a
/// <see cref="FhirException"/> carrying every problem found (up to <see cref="FhirJsonParserOptions.MaxIssues"/>),
/// each with its FHIRPath location and line/column. Status 400, except 413 for a body over the size limit.
/// </summary>
/// <remarks>
/// Unknown elements are parse errors rather than something left to the validator: the tree has nowhere to keep
/// an element without a definition, and the gateway must reject them on write anyway. Cardinality, value
/// formats (dates, ids, codes, ...) and invariants are the validator's business.
/// Thread-safe: one instance serves concurrent requests.
/// </remarks>
public sealed class FhirJsonParser
{
    private readonly FhirDefinitions _definitions;

    public FhirJsonParser(FhirDefinitions definitions, FhirJsonParserOptions? options = null)
    {
        _definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
        Options = options ?? FhirJsonParserOptions.Default;

        // The parser recurses once per level: the bound keeps a misconfiguration from overflowing the stack.
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxDepth, 2, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Options.MaxDepth, FhirJsonParserOptions.MaxSupportedDepth, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxIssues, 1, nameof(options));
    }

    public FhirJsonParserOptions Options { get; }

    public ElementNode Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > Options.MaxBytes)
        {
            throw TooLarge();
        }

        return new FhirJsonParseSession(_definitions, Options).Parse(utf8Json);
    }

    public ElementNode Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Encoding.UTF8.GetMaxByteCount(json.Length) <= 4096)
        {
            Span<byte> small = stackalloc byte[4096];
            return Parse(small[..Encoding.UTF8.GetBytes(json, small)]);
        }

        return Parse(Encoding.UTF8.GetBytes(json));
    }

    public ElementNode Parse(Stream stream) => BoundedStreamReader.Parse(stream, Options.MaxBytes, Parse);

    public Task<ElementNode> ParseAsync(Stream stream, CancellationToken cancellationToken = default) =>
        BoundedStreamReader.ParseAsync(stream, Options.MaxBytes, Parse, cancellationToken);

    private FhirException TooLarge() => BoundedStreamReader.TooLarge(Options.MaxBytes);
}
