using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace FhirChainGateway.Ledger.Receipts;

/// <summary>
/// A patient's complete consent history as evidence: every Consent version of the patient's consent chain
/// (newest first), each with its salt, its leaf and an inclusion proof into one signed checkpoint. Because each
/// Consent leaf commits to the index of the previous one, a verifier can tell that no version was left out.
/// Serialized as a FHIR Bundle of type <c>collection</c> ending in a Parameters resource named
/// <c>consent-trail-evidence</c>.
/// </summary>
public sealed record ConsentTrail
{
    public const string EvidenceName = "consent-trail-evidence";

    /// <summary>The patient the trail is about (<c>Patient/123</c>).</summary>
    public required string Patient { get; init; }

    public required ulong TreeSize { get; init; }

    public required string Checkpoint { get; init; }

    public IReadOnlyList<string> VerifierKeys { get; init; } = [];

    /// <summary>Newest first.</summary>
    public required IReadOnlyList<ConsentTrailLink> Links { get; init; }

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
            foreach (var link in Links.Where(l => l.Json is not null))
            {
                ParametersJson.WriteResourceEntry(json, baseUrl, link.Subject, link.Json!);
            }

            json.WriteStartObject();
            json.WritePropertyName("resource");
            json.WriteStartObject();
            json.WriteString("resourceType", "Parameters");
            json.WriteString("id", EvidenceName);
            json.WriteStartArray("parameter");
            ParametersJson.WriteString(json, "patient", Patient);
            ParametersJson.WriteString(json, "treeSize", TreeSize.ToString(CultureInfo.InvariantCulture));
            ParametersJson.WriteString(json, "checkpoint", Checkpoint);
            foreach (var key in VerifierKeys)
            {
                ParametersJson.WriteString(json, "verifierKey", key);
            }

            foreach (var link in Links)
            {
                json.WriteStartObject();
                json.WriteString("name", "link");
                json.WriteStartArray("part");
                ParametersJson.WriteString(json, "subject", link.Subject);
                if (link.Salt is not null)
                {
                    ParametersJson.WriteBinary(json, "salt", link.Salt);
                }

                ParametersJson.WriteString(json, "index", link.Leaf.Index.ToString(CultureInfo.InvariantCulture));
                ParametersJson.WriteBinary(json, "data", link.Leaf.Data);
                foreach (var hash in link.Leaf.InclusionProof)
                {
                    ParametersJson.WriteBinary(json, "inclusionProof", hash);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static bool IsConsentTrail(ReadOnlySpan<byte> json) =>
        json.IndexOf(System.Text.Encoding.UTF8.GetBytes("\"" + EvidenceName + "\"")) >= 0;

    public static ConsentTrail Parse(ReadOnlySpan<byte> trailJson)
    {
        try
        {
            using var document = JsonDocument.Parse(trailJson.ToArray());
            var resources = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            JsonElement? evidence = null;
            foreach (var entry in document.RootElement.GetProperty("entry").EnumerateArray())
            {
                var resource = entry.GetProperty("resource");
                if (resource.TryGetProperty("id", out var id) && id.GetString() == EvidenceName)
                {
                    evidence = resource.Clone();
                }
                else if (entry.TryGetProperty("fullUrl", out var fullUrl))
                {
                    var url = fullUrl.GetString()!;
                    var start = url.LastIndexOf("/Consent/", StringComparison.Ordinal);
                    resources[url[(start + 1)..]] = System.Text.Encoding.UTF8.GetBytes(resource.GetRawText());
                }
            }

            var parameters = (evidence ?? throw new FormatException($"No '{EvidenceName}' Parameters.")).GetProperty("parameter").EnumerateArray().ToList();
            string Value(string name) => parameters.First(p => p.GetProperty("name").GetString() == name).GetProperty("valueString").GetString()!;
            var links = new List<ConsentTrailLink>();
            foreach (var link in parameters.Where(p => p.GetProperty("name").GetString() == "link"))
            {
                var parts = link.GetProperty("part").EnumerateArray().ToList();
                string Part(string name) => parts.First(p => p.GetProperty("name").GetString() == name).GetProperty("valueString").GetString()!;
                IEnumerable<byte[]> Binaries(string name) => parts.Where(p => p.GetProperty("name").GetString() == name).Select(p => p.GetProperty("valueBase64Binary").GetBytesFromBase64());
                var subject = Part("subject");
                links.Add(new ConsentTrailLink(
                    subject,
                    resources.GetValueOrDefault(subject),
                    Binaries("salt").FirstOrDefault(),
                    new ReceiptLeaf(ulong.Parse(Part("index"), NumberStyles.None, CultureInfo.InvariantCulture), "Consent", Binaries("data").First(), Binaries("inclusionProof").ToList())));
            }

            return new ConsentTrail
            {
                Patient = Value("patient"),
                TreeSize = ulong.Parse(Value("treeSize"), NumberStyles.None, CultureInfo.InvariantCulture),
                Checkpoint = Value("checkpoint"),
                VerifierKeys = parameters.Where(p => p.GetProperty("name").GetString() == "verifierKey").Select(p => p.GetProperty("valueString").GetString()!).ToList(),
                Links = links,
            };
        }
        catch (Exception failure) when (failure is JsonException or KeyNotFoundException or InvalidOperationException or OverflowException)
        {
            throw new FormatException("Not a consent trail: " + failure.Message, failure);
        }
    }
}

/// <summary>One Consent version of a trail: the version (absent when erased), its salt, and its leaf with proof.</summary>
public sealed record ConsentTrailLink(string Subject, byte[]? Json, byte[]? Salt, ReceiptLeaf Leaf);
