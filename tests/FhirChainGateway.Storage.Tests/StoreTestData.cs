using System.Text;
using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;

namespace FhirChainGateway.Storage.Tests;

/// <summary>Small hand-written resources and batches; the stores treat the JSON as opaque bytes.</summary>
internal static class StoreTestData
{
    public const string IdentifierSystem = "urn:oid:1.2.36.146.595.217.0.1";

    public static byte[] Json(string type, string id, long version, string note = "") =>
        Encoding.UTF8.GetBytes(
            $$$"""{"resourceType":"{{{type}}}","id":"{{{id}}}","meta":{"versionId":"{{{version}}}"},"text":{"status":"generated","div":"<div>{{{note}}}</div>"}}""");

    public static SearchIndexEntry Token(string param, string? system, string value) =>
        new(param, SearchParamKind.Token, system, value);

    public static SearchIndexEntry Identifier(string value, string? system = IdentifierSystem) =>
        Token("identifier", system, value);

    public static SearchIndexEntry Str(string param, string normalisedValue) =>
        new(param, SearchParamKind.String, null, normalisedValue);

    public static SearchIndexEntry Reference(string param, string reference) =>
        new(param, SearchParamKind.Reference, null, reference);

    public static ResourceWrite Write(
        WriteKind kind,
        string type,
        string id,
        long version,
        long? expected,
        DateTimeOffset lastUpdated,
        string? compartment = null,
        IReadOnlyList<SearchIndexEntry>? index = null,
        string note = "") =>
        new(
            kind,
            type,
            id,
            version,
            lastUpdated,
            kind == WriteKind.Delete ? ReadOnlyMemory<byte>.Empty : Json(type, id, version, note),
            expected,
            compartment,
            index ?? []);

    public static OutboxMessage Message(string orderingKey, DateTimeOffset createdAt, string body = "{}") =>
        new(Guid.NewGuid(), "ProvenanceRecorded.v1", orderingKey, Encoding.UTF8.GetBytes(body), createdAt);

    public static WriteBatch Batch(params ResourceWrite[] writes) => new(writes, []);

    public static WriteBatch Batch(IReadOnlyList<ResourceWrite> writes, params OutboxMessage[] messages) => new(writes, messages);
}
