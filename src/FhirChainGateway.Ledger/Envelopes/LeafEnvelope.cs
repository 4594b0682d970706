using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FhirChainGateway.Ledger.Envelopes;

/// <summary>
/// What a ledger leaf commits to: a versioned, canonical envelope, never raw FHIR. It names the resource
/// version and the event, carries a keyed pseudonym of the patient instead of the patient id, and a salted
/// commitment <c>SHA-256(salt ‖ canonical JSON)</c> of the content, so erasing content and salt leaves the
/// leaf valid but no longer linkable to anything.
/// </summary>
/// <remarks>
/// Encoding (version 1): RFC 8785 canonical JSON of an object with the members below, keys sorted. Every
/// value is restricted to characters that JSON writes verbatim (ids, hex, ISO instants), so the writer here
/// and any verifier produce byte-identical leaves without a general canonicalizer. For Consent leaves,
/// <see cref="PreviousConsentLeaf"/> is the index of the previous leaf of the same patient's consent chain
/// (null for the first), which makes a patient's complete consent history provable, not only single versions.
/// </remarks>
public sealed partial record LeafEnvelope
{
    public const int CurrentVersion = 1;
    public const string ProvenanceKind = "Provenance";
    public const string ConsentKind = "Consent";

    public int Version { get; init; } = CurrentVersion;

    /// <summary><see cref="ProvenanceKind"/> or <see cref="ConsentKind"/>.</summary>
    public required string Kind { get; init; }

    public required string ResourceType { get; init; }

    public required string Id { get; init; }

    public required string VersionId { get; init; }

    /// <summary>The event that carried this leaf: the idempotency key of the log.</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the gateway recorded the interaction, UTC, millisecond precision.</summary>
    public required DateTimeOffset Recorded { get; init; }

    /// <summary>Lower-case hex HMAC-SHA-256 pseudonym of the patient compartment, or null when there is none.</summary>
    public string? Patient { get; init; }

    /// <summary>Lower-case hex <c>SHA-256(salt ‖ canonical JSON)</c> of the resource version.</summary>
    public required string Commitment { get; init; }

    /// <summary>Consent leaves only: index of the previous leaf of this patient's consent chain.</summary>
    public ulong? PreviousConsentLeaf { get; init; }

    /// <summary>The leaf data: canonical JSON bytes.</summary>
    public byte[] ToBytes()
    {
        Validate();
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            // Keys in RFC 8785 order (UTF-16 code units; all ASCII here, so ordinal).
            json.WriteStartObject();
            json.WriteString("commitment", Commitment);
            json.WriteString("eventId", EventId.ToString("D"));
            json.WriteString("id", Id);
            json.WriteString("kind", Kind);
            if (Patient is null)
            {
                json.WriteNull("patient");
            }
            else
            {
                json.WriteString("patient", Patient);
            }

            if (Kind == ConsentKind)
            {
                if (PreviousConsentLeaf is { } previous)
                {
                    json.WriteNumber("previousConsentLeaf", previous);
                }
                else
                {
                    json.WriteNull("previousConsentLeaf");
                }
            }

            json.WriteString("recorded", FormatInstant(Recorded));
            json.WriteString("resourceType", ResourceType);
            json.WriteNumber("v", Version);
            json.WriteString("versionId", VersionId);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads leaf data; throws <see cref="FormatException"/> unless it is exactly a canonical version-1 envelope.</summary>
    public static LeafEnvelope Parse(ReadOnlySpan<byte> leafData)
    {
        LeafEnvelope envelope;
        try
        {
            using var document = JsonDocument.Parse(leafData.ToArray());
            var root = document.RootElement;
            var version = root.GetProperty("v").GetInt32();
            if (version != CurrentVersion)
            {
                throw new FormatException($"Leaf envelope version {version} is not supported (this code reads version {CurrentVersion}).");
            }

            var kind = root.GetProperty("kind").GetString()!;
            envelope = new LeafEnvelope
            {
                Version = version,
                Kind = kind,
                ResourceType = root.GetProperty("resourceType").GetString()!,
                Id = root.GetProperty("id").GetString()!,
                VersionId = root.GetProperty("versionId").GetString()!,
                EventId = Guid.ParseExact(root.GetProperty("eventId").GetString()!, "D"),
                Recorded = DateTimeOffset.ParseExact(root.GetProperty("recorded").GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                Patient = root.GetProperty("patient").ValueKind == JsonValueKind.Null ? null : root.GetProperty("patient").GetString(),
                Commitment = root.GetProperty("commitment").GetString()!,
                PreviousConsentLeaf = kind == ConsentKind && root.GetProperty("previousConsentLeaf").ValueKind != JsonValueKind.Null
                    ? root.GetProperty("previousConsentLeaf").GetUInt64()
                    : null,
            };
        }
        catch (Exception failure) when (failure is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException("The leaf is not a ledger envelope: " + failure.Message, failure);
        }

        byte[] canonical;
        try
        {
            canonical = envelope.ToBytes();
        }
        catch (ArgumentException invalid)
        {
            throw new FormatException("The leaf is not a valid ledger envelope: " + invalid.Message, invalid);
        }

        // Only one encoding is valid: anything else could make two different leaves for one record.
        if (!canonical.AsSpan().SequenceEqual(leafData))
        {
            throw new FormatException("The leaf is not in canonical envelope form.");
        }

        return envelope;
    }

    /// <summary>The same envelope as a consent chain link after <paramref name="previous"/> (null: the first).</summary>
    public LeafEnvelope AfterConsentLeaf(ulong? previous) => this with { PreviousConsentLeaf = previous };

    public static string FormatInstant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private void Validate()
    {
        Require(Kind is ProvenanceKind or ConsentKind, "kind", Kind);
        Require(TypePattern().IsMatch(ResourceType), "resourceType", ResourceType);
        Require(IdPattern().IsMatch(Id), "id", Id);
        Require(IdPattern().IsMatch(VersionId), "versionId", VersionId);
        Require(HexPattern().IsMatch(Commitment), "commitment", Commitment);
        Require(Patient is null || HexPattern().IsMatch(Patient), "patient", Patient ?? string.Empty);
        Require(Kind == ConsentKind || PreviousConsentLeaf is null, "previousConsentLeaf", "set on a non-Consent leaf");
    }

    private static void Require(bool condition, string member, string value)
    {
        if (!condition)
        {
            throw new ArgumentException($"Leaf envelope member '{member}' has an invalid value '{value}'.");
        }
    }

    [GeneratedRegex("^[A-Z][A-Za-z]{1,63}$")]
    private static partial Regex TypePattern();

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HexPattern();

    public override string ToString() => Encoding.UTF8.GetString(ToBytes());
}
