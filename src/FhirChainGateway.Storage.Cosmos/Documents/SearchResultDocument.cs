using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>The projection search queries select from a current document (no index arrays).</summary>
internal sealed class SearchResultDocument
{
    [JsonPropertyName("pk")]
    public string PartitionKey { get; set; } = string.Empty;

    [JsonPropertyName("t")]
    public string ResourceType { get; set; } = string.Empty;

    [JsonPropertyName("rid")]
    public string ResourceId { get; set; } = string.Empty;

    [JsonPropertyName("key")]
    public string Key { get; set; } = string.Empty;

    [JsonPropertyName("ver")]
    public long Version { get; set; }

    [JsonPropertyName("upd")]
    public string LastUpdated { get; set; } = string.Empty;

    [JsonPropertyName("body")]
    public string? Body { get; set; }

    [JsonPropertyName("chunks")]
    public int? Chunks { get; set; }

    [JsonPropertyName("salt")]
    public byte[]? Salt { get; set; }
}
