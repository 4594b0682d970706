using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>
/// System.Text.Json (source-generated) for our documents; the SDK's Newtonsoft serializer is never used
/// because every call goes through the stream APIs. The relaxed encoder keeps non-ASCII text and
/// HTML-significant characters as they are instead of \u escapes: the documents are never embedded in
/// HTML, and it keeps resource bodies (stored as strings) close to their byte size.
/// </summary>
internal static class CosmosJson
{
    private static readonly DocumentJsonContext Context = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    public static byte[] Serialize<T>(T document)
        where T : class => JsonSerializer.SerializeToUtf8Bytes(document, typeof(T), Context);

    public static T Deserialize<T>(Stream content)
        where T : class =>
        (T?)JsonSerializer.Deserialize(content, typeof(T), Context)
        ?? throw new InvalidDataException($"Cosmos returned an empty {typeof(T).Name}.");

    public static T Deserialize<T>(ReadOnlySpan<byte> content)
        where T : class =>
        (T?)JsonSerializer.Deserialize(content, typeof(T), Context)
        ?? throw new InvalidDataException($"Cosmos returned an empty {typeof(T).Name}.");

    public static T Deserialize<T>(JsonElement element)
        where T : class =>
        (T?)element.Deserialize(typeof(T), Context)
        ?? throw new InvalidDataException($"Cosmos returned an empty {typeof(T).Name}.");
}

[JsonSerializable(typeof(HeadDocument))]
[JsonSerializable(typeof(VersionDocument))]
[JsonSerializable(typeof(ChunkDocument))]
[JsonSerializable(typeof(CurrentDocument))]
[JsonSerializable(typeof(TransactionDocument))]
[JsonSerializable(typeof(OutboxDocument))]
[JsonSerializable(typeof(CounterDocument))]
[JsonSerializable(typeof(StagedDocument))]
[JsonSerializable(typeof(SearchResultDocument))]
[JsonSerializable(typeof(QueryPage))]
internal sealed partial class DocumentJsonContext : JsonSerializerContext;
