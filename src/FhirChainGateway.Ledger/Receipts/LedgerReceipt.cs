using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace FhirChainGateway.Ledger.Receipts;

/// <summary>
/// Evidence that one resource version is recorded in the ledger, verifiable offline: the version, the
/// Provenance that recorded it, both salts, the Provenance's leaf with its inclusion proof, the signed
/// checkpoint the proof leads to, and (for Consent) the consent-chain leaf. Serialized as a FHIR Bundle of
/// type <c>collection</c> whose last entry is a Parameters resource named <c>ledger-evidence</c>.
/// </summary>
/// <remarks>
/// The resources are carried as the exact JSON the server stored; verifiers canonicalize them (RFC 8785,
/// root text and meta removed), so whitespace or property order introduced in transit does not matter.
/// </remarks>
public sealed record LedgerReceipt
{
    public const string EvidenceName = "ledger-evidence";

    /// <summary>The versioned reference the receipt is about, e.g. <c>Patient/123/_history/2</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>The version's JSON; null when it was erased or is a deletion marker.</summary>
    public byte[]? SubjectJson { get; init; }

    public byte[]? SubjectSalt { get; init; }

    /// <summary><c>Provenance/{id}/_history/1</c>; the same as <see cref="Subject"/> for a Provenance's own receipt.</summary>
    public required string ProvenanceReference { get; init; }

    public required byte[] ProvenanceJson { get; init; }

    public required byte[] ProvenanceSalt { get; init; }

    public required ReceiptLeaf ProvenanceLeaf { get; init; }

    /// <summary>For a Consent version: its consent-chain leaf.</summary>
    public ReceiptLeaf? ConsentLeaf { get; init; }

    public required ulong TreeSize { get; init; }

    /// <summary>The C2SP signed note of the checkpoint at <see cref="TreeSize"/>.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>The server's checkpoint keys (verifier-key form), for convenience only: verifiers trust their own copy.</summary>
    public IReadOnlyList<string> VerifierKeys { get; init; } = [];

    /// <summary>Size of a checkpoint the client already trusted, when it asked for a consistency proof from it.</summary>
    public ulong? ConsistencyFrom { get; init; }

    public IReadOnlyList<byte[]> ConsistencyProof { get; init; } = [];

    public byte[] ToJson(string baseUrl, DateTimeOffset timestamp)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("resourceType", "Bundle");
            json.WriteString("type", "collection");
            json.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteStartArray("entry");
            if (SubjectJson is not null && Subject != ProvenanceReference)
            {
                ParametersJson.WriteResourceEntry(json, baseUrl, Subject, SubjectJson);
            }

            ParametersJson.WriteResourceEntry(json, baseUrl, ProvenanceReference, ProvenanceJson);
            json.WriteStartObject();
            json.WritePropertyName("resource");
            WriteEvidence(json);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a receipt; throws <see cref="FormatException"/> naming what is missing or malformed.</summary>
    public static LedgerReceipt Parse(ReadOnlySpan<byte> receiptJson)
    {
        try
        {
            using var document = JsonDocument.Parse(receiptJson.ToArray());
            var root = document.RootElement;
            if (root.GetProperty("resourceType").GetString() != "Bundle")
            {
                throw new FormatException("A ledger receipt is a FHIR Bundle.");
            }

            var resources = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            JsonElement? evidence = null;
            foreach (var entry in root.GetProperty("entry").EnumerateArray())
            {
                var resource = entry.GetProperty("resource");
                if (resource.GetProperty("resourceType").GetString() == "Parameters" && resource.TryGetProperty("id", out var id) && id.GetString() == EvidenceName)
                {
                    evidence = resource.Clone();
                }
                else if (entry.TryGetProperty("fullUrl", out var fullUrl))
                {
                    resources[VersionedReferenceOf(fullUrl.GetString()!)] = System.Text.Encoding.UTF8.GetBytes(resource.GetRawText());
                }
            }

            var parameters = evidence ?? throw new FormatException($"The receipt has no '{EvidenceName}' Parameters.");
            var subject = ParametersJson.StringParameter(parameters, "subject");
            var provenanceReference = ParametersJson.StringParameter(parameters, "provenance");
            var consistencyFrom = ParametersJson.OptionalString(parameters, "consistencyFrom");
            return new LedgerReceipt
            {
                Subject = subject,
                SubjectJson = resources.GetValueOrDefault(subject),
                SubjectSalt = ParametersJson.OptionalBinary(parameters, "subjectSalt"),
                ProvenanceReference = provenanceReference,
                ProvenanceJson = resources.GetValueOrDefault(provenanceReference) ?? throw new FormatException($"The receipt does not carry {provenanceReference}."),
                ProvenanceSalt = ParametersJson.OptionalBinary(parameters, "provenanceSalt") ?? throw new FormatException("The receipt has no provenanceSalt."),
                ProvenanceLeaf = ReadLeaf(ParametersJson.Parameter(parameters, "provenanceLeaf") ?? throw new FormatException("The receipt has no provenanceLeaf.")),
                ConsentLeaf = ParametersJson.Parameter(parameters, "consentLeaf") is { } consent ? ReadLeaf(consent) : null,
                TreeSize = ulong.Parse(ParametersJson.StringParameter(parameters, "treeSize"), NumberStyles.None, CultureInfo.InvariantCulture),
                Checkpoint = ParametersJson.StringParameter(parameters, "checkpoint"),
                VerifierKeys = ParametersJson.Parameters(parameters, "verifierKey").Select(p => p.GetProperty("valueString").GetString()!).ToList(),
                ConsistencyFrom = consistencyFrom is null ? null : ulong.Parse(consistencyFrom, NumberStyles.None, CultureInfo.InvariantCulture),
                ConsistencyProof = ParametersJson.Parameters(parameters, "consistencyProof").Select(p => p.GetProperty("valueBase64Binary").GetBytesFromBase64()).ToList(),
            };
        }
        catch (Exception failure) when (failure is JsonException or KeyNotFoundException or InvalidOperationException or OverflowException)
        {
            throw new FormatException("Not a ledger receipt: " + failure.Message, failure);
        }
    }

    private void WriteEvidence(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("resourceType", "Parameters");
        json.WriteString("id", EvidenceName);
        json.WriteStartArray("parameter");
        ParametersJson.WriteString(json, "subject", Subject);
        if (SubjectSalt is not null)
        {
            ParametersJson.WriteBinary(json, "subjectSalt", SubjectSalt);
        }

        ParametersJson.WriteString(json, "provenance", ProvenanceReference);
        ParametersJson.WriteBinary(json, "provenanceSalt", ProvenanceSalt);
        WriteLeaf(json, "provenanceLeaf", ProvenanceLeaf);
        if (ConsentLeaf is not null)
        {
            WriteLeaf(json, "consentLeaf", ConsentLeaf);
        }

        ParametersJson.WriteString(json, "treeSize", TreeSize.ToString(CultureInfo.InvariantCulture));
        ParametersJson.WriteString(json, "checkpoint", Checkpoint);
        foreach (var key in VerifierKeys)
        {
            ParametersJson.WriteString(json, "verifierKey", key);
        }

        if (ConsistencyFrom is { } from)
        {
            ParametersJson.WriteString(json, "consistencyFrom", from.ToString(CultureInfo.InvariantCulture));
            foreach (var hash in ConsistencyProof)
            {
                ParametersJson.WriteBinary(json, "consistencyProof", hash);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteLeaf(Utf8JsonWriter json, string name, ReceiptLeaf leaf)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteStartArray("part");
        ParametersJson.WriteString(json, "index", leaf.Index.ToString(CultureInfo.InvariantCulture));
        ParametersJson.WriteString(json, "kind", leaf.Kind);
        ParametersJson.WriteBinary(json, "data", leaf.Data);
        foreach (var hash in leaf.InclusionProof)
        {
            ParametersJson.WriteBinary(json, "inclusionProof", hash);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static ReceiptLeaf ReadLeaf(JsonElement leaf) => new(
        ulong.Parse(ParametersJson.StringParameter(leaf, "index", "part"), NumberStyles.None, CultureInfo.InvariantCulture),
        ParametersJson.StringParameter(leaf, "kind", "part"),
        ParametersJson.Parameter(leaf, "data", "part")?.GetProperty("valueBase64Binary").GetBytesFromBase64() ?? throw new FormatException("A leaf has no data."),
        ParametersJson.Parameters(leaf, "inclusionProof", "part").Select(p => p.GetProperty("valueBase64Binary").GetBytesFromBase64()).ToList());

    /// <summary><c>http://host/base/Patient/1/_history/2</c> → <c>Patient/1/_history/2</c>.</summary>
    private static string VersionedReferenceOf(string fullUrl)
    {
        var history = fullUrl.LastIndexOf("/_history/", StringComparison.Ordinal);
        if (history < 0)
        {
            throw new FormatException($"Receipt entry '{fullUrl}' is not a versioned URL.");
        }

        var idStart = fullUrl.LastIndexOf('/', history - 1);
        var typeStart = fullUrl.LastIndexOf('/', idStart - 1);
        return fullUrl[(typeStart + 1)..];
    }
}

/// <summary>One leaf of a receipt: where it is, its exact bytes, and its RFC 9162 inclusion proof.</summary>
public sealed record ReceiptLeaf(ulong Index, string Kind, byte[] Data, IReadOnlyList<byte[]> InclusionProof);
