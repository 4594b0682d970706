using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FhirChainGateway.Server.Interactions;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Server.Provenance;

/// <summary>
/// Builds the Provenance that records one interaction: a versioned target per written version, each
/// carrying that version's salted commitment, so the ledger leaf (which commits to the Provenance)
/// commits to the content of everything written.
/// </summary>
public static class ProvenanceFactory
{
    /// <summary>Extension on Provenance.target: hex SHA-256(salt ‖ canonical JSON) of the target version.</summary>
    public const string TargetCommitmentExtensionUrl = "https://fhirchain.io/fhir/StructureDefinition/target-commitment";

    /// <summary>Extension on Provenance.target: the operation (create, update, delete) that produced that version.</summary>
    public const string TargetOperationExtensionUrl = "https://fhirchain.io/fhir/StructureDefinition/target-operation";

    private const string DataOperationSystem = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

    /// <summary>FHIR JSON of the Provenance, properties in spec order, already carrying id and meta.</summary>
    public static byte[] Build(
        string id,
        DateTimeOffset recorded,
        IReadOnlyList<ProvenanceTarget> targets,
        RequestAgent agent)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (targets.Count * 220));
        using (var json = new Utf8JsonWriter(buffer))
        {
            var instant = FormatInstant(recorded);
            json.WriteStartObject();
            json.WriteString("resourceType", "Provenance");
            json.WriteString("id", id);
            json.WriteStartObject("meta");
            json.WriteString("versionId", "1");
            json.WriteString("lastUpdated", instant);
            json.WriteEndObject();

            json.WriteStartArray("target");
            foreach (var target in targets)
            {
                json.WriteStartObject();
                json.WriteStartArray("extension");
                if (target.Commitment.Length > 0)
                {
                    json.WriteStartObject();
                    json.WriteString("url", TargetCommitmentExtensionUrl);
                    json.WriteString("valueString", target.Commitment);
                    json.WriteEndObject();
                }

                json.WriteStartObject();
                json.WriteString("url", TargetOperationExtensionUrl);
                json.WriteString("valueCode", target.Operation);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteString("reference", target.Reference);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("recorded", instant);

            json.WriteStartObject("activity");
            json.WriteStartArray("coding");
            var operations = targets.Select(t => t.Operation).Distinct().Order(StringComparer.Ordinal).ToArray();
            foreach (var operation in operations)
            {
                json.WriteStartObject();
                json.WriteString("system", DataOperationSystem);
                json.WriteString("code", DataOperationCode(operation));
                json.WriteString("display", operation);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (operations.Length > 1)
            {
                // Codings of one CodeableConcept should be alternatives; a transaction mixing operations is
                // described in text, and each target says exactly what happened to it.
                json.WriteString("text", "transaction");
            }

            json.WriteEndObject();

            json.WriteStartArray("agent");
            json.WriteStartObject();
            json.WriteStartObject("type");
            json.WriteStartArray("coding");
            json.WriteStartObject();
            json.WriteString("system", "http://terminology.hl7.org/CodeSystem/provenance-participant-type");
            json.WriteString("code", "author");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("who");
            json.WriteStartObject("identifier");
            json.WriteString("system", "urn:fhirchain:client");
            json.WriteString("value", agent.ClientId);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>FHIR instant with millisecond precision in UTC, the form meta.lastUpdated uses everywhere.</summary>
    public static string FormatInstant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The operation code of a written version, as the target-operation extension carries it.</summary>
    public static string OperationOf(WriteKind kind) => kind switch
    {
        WriteKind.Create => "create",
        WriteKind.Update => "update",
        _ => "delete",
    };

    // v3-DataOperation has no "erase"; NULLIFY ("render inactive / remove content") is its closest code.
    private static string DataOperationCode(string operation) => operation == "erase" ? "NULLIFY" : operation.ToUpperInvariant();
}

/// <summary>One Provenance.target: a versioned reference, the operation, and the version's commitment (empty when it has no content).</summary>
public sealed record ProvenanceTarget(string Reference, string Operation, string Commitment);
