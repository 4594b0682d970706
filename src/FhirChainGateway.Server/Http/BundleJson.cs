using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FhirChainGateway.Server.Interactions;
using FhirChainGateway.Server.Provenance;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Server.Http;

/// <summary>Writes the Bundles the REST API answers with; stored resources are copied in as raw JSON.</summary>
public static class BundleJson
{
    public static byte[] Response(string bundleType, IReadOnlyList<EntryOutcome> outcomes, string baseUrl, TimeProvider timeProvider)
    {
        return Write(json =>
        {
            json.WriteString("resourceType", "Bundle");
            json.WriteString("id", Guid.NewGuid().ToString("D"));
            json.WriteString("type", bundleType);
            json.WriteString("timestamp", ProvenanceFactory.FormatInstant(timeProvider.GetUtcNow()));
            json.WriteStartArray("entry");
            foreach (var outcome in outcomes)
            {
                json.WriteStartObject();
                if (outcome.ResourceType is not null && outcome.Id is not null && outcome.Status < 300 && outcome.Json.Length > 0)
                {
                    json.WriteString("fullUrl", $"{baseUrl}/{outcome.ResourceType}/{outcome.Id}");
                }

                json.WriteStartObject("response");
                json.WriteString("status", StatusLine(outcome.Status));
                if (outcome.Location is { } location && outcome.Status < 300)
                {
                    json.WriteString("location", location);
                }

                if (outcome.VersionId is { } version)
                {
                    json.WriteString("etag", VersionTag.Format(version));
                }

                if (outcome.LastUpdated is { } lastUpdated)
                {
                    json.WriteString("lastModified", ProvenanceFactory.FormatInstant(lastUpdated));
                }

                if (outcome.Issues is { Count: > 0 } issues)
                {
                    json.WritePropertyName("outcome");
                    OperationOutcomeJson.Write(json, issues);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    public static byte[] History(IReadOnlyList<ResourceVersion> versions, string baseUrl, string selfUrl, string? nextUrl, TimeProvider timeProvider)
    {
        return Write(json =>
        {
            json.WriteString("resourceType", "Bundle");
            json.WriteString("id", Guid.NewGuid().ToString("D"));
            json.WriteString("type", "history");
            json.WriteString("timestamp", ProvenanceFactory.FormatInstant(timeProvider.GetUtcNow()));
            WriteLinks(json, selfUrl, nextUrl);
            json.WriteStartArray("entry");
            foreach (var version in versions)
            {
                json.WriteStartObject();
                json.WriteString("fullUrl", $"{baseUrl}/{version.ResourceType}/{version.Id}");
                if (!version.IsDeleted)
                {
                    json.WritePropertyName("resource");
                    json.WriteRawValue(version.Json.Span, skipInputValidation: true);
                }

                json.WriteStartObject("request");
                json.WriteString("method", version.IsDeleted ? "DELETE" : version.VersionId == 1 ? "POST" : "PUT");
                json.WriteString("url", version.VersionId == 1 && !version.IsDeleted ? version.ResourceType : $"{version.ResourceType}/{version.Id}");
                json.WriteEndObject();
                json.WriteStartObject("response");
                json.WriteString("status", version.IsDeleted ? "204 No Content" : version.VersionId == 1 ? "201 Created" : "200 OK");
                json.WriteString("etag", VersionTag.Format(version.VersionId));
                json.WriteString("lastModified", ProvenanceFactory.FormatInstant(version.LastUpdated));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    public static byte[] SearchSet(IReadOnlyList<ResourceVersion> resources, string baseUrl, string selfUrl, string? nextUrl, TimeProvider timeProvider)
    {
        return Write(json =>
        {
            json.WriteString("resourceType", "Bundle");
            json.WriteString("id", Guid.NewGuid().ToString("D"));
            json.WriteString("type", "searchset");
            json.WriteString("timestamp", ProvenanceFactory.FormatInstant(timeProvider.GetUtcNow()));
            WriteLinks(json, selfUrl, nextUrl);
            json.WriteStartArray("entry");
            foreach (var resource in resources)
            {
                json.WriteStartObject();
                json.WriteString("fullUrl", $"{baseUrl}/{resource.ResourceType}/{resource.Id}");
                json.WritePropertyName("resource");
                json.WriteRawValue(resource.Json.Span, skipInputValidation: true);
                json.WriteStartObject("search");
                json.WriteString("mode", "match");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    public static string StatusLine(int status) => status switch
    {
        200 => "200 OK",
        201 => "201 Created",
        204 => "204 No Content",
        400 => "400 Bad Request",
        404 => "404 Not Found",
        409 => "409 Conflict",
        410 => "410 Gone",
        412 => "412 Precondition Failed",
        422 => "422 Unprocessable Entity",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };

    private static void WriteLinks(Utf8JsonWriter json, string selfUrl, string? nextUrl)
    {
        json.WriteStartArray("link");
        json.WriteStartObject();
        json.WriteString("relation", "self");
        json.WriteString("url", selfUrl);
        json.WriteEndObject();
        if (nextUrl is not null)
        {
            json.WriteStartObject();
            json.WriteString("relation", "next");
            json.WriteString("url", nextUrl);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
