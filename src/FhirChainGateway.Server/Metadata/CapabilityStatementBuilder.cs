using System.Buffers;
using System.Text.Json;
using FhirChainGateway.Server.Interactions;
using FhirChainGateway.Server.Provenance;

namespace FhirChainGateway.Server.Metadata;

/// <summary>The CapabilityStatement of <c>GET /metadata</c>: what this server actually implements, nothing more.</summary>
public sealed class CapabilityStatementBuilder(ResourceTypes resourceTypes, TimeProvider timeProvider)
{
    private static readonly string[] Interactions = ["read", "vread", "update", "delete", "history-instance", "create", "search-type"];

    public byte[] Build(string baseUrl)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("resourceType", "CapabilityStatement");
            json.WriteString("status", "active");
            json.WriteString("date", ProvenanceFactory.FormatInstant(timeProvider.GetUtcNow()));
            json.WriteString("kind", "instance");
            json.WriteStartObject("software");
            json.WriteString("name", "FhirChainGateway");
            json.WriteString("version", typeof(CapabilityStatementBuilder).Assembly.GetName().Version?.ToString() ?? "0.0.0");
            json.WriteEndObject();
            json.WriteStartObject("implementation");
            json.WriteString("description", "FhirChainGateway: validated FHIR R4 writes, each recorded in a verifiable ledger");
            json.WriteString("url", baseUrl);
            json.WriteEndObject();
            json.WriteString("fhirVersion", "4.0.1");
            json.WriteStartArray("format");
            json.WriteStringValue("json");
            json.WriteStringValue("xml");
            json.WriteEndArray();
            json.WriteStartArray("rest");
            json.WriteStartObject();
            json.WriteString("mode", "server");
            json.WriteStartArray("resource");
            foreach (var type in resourceTypes.All.Where(resourceTypes.IsKnown).Order(StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("type", type);
                json.WriteStartArray("interaction");
                foreach (var interaction in Interactions)
                {
                    json.WriteStartObject();
                    json.WriteString("code", interaction);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteString("versioning", "versioned-update");
                json.WriteBoolean("readHistory", true);
                json.WriteBoolean("updateCreate", true);
                json.WriteBoolean("conditionalCreate", true);
                json.WriteBoolean("conditionalUpdate", true);
                json.WriteString("conditionalDelete", "single");
                json.WriteStartArray("searchParam");
                WriteSearchParam(json, "_id", "token");
                WriteSearchParam(json, "identifier", "token");
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("interaction");
            foreach (var code in (string[])["transaction", "batch"])
            {
                json.WriteStartObject();
                json.WriteString("code", code);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteSearchParam(Utf8JsonWriter json, string name, string type)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("type", type);
        json.WriteEndObject();
    }
}
