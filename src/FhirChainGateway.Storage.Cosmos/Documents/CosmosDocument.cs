using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>
/// What every document of ours has: its id, its partition key value (the containers are partitioned
/// on <c>/pk</c>), a <c>kind</c> discriminator that every query filters on, and the ETag that Cosmos
/// returns (never written back: the service ignores it in a body and If-Match carries it instead).
/// </summary>
internal abstract class CosmosDocument
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName("pk")]
    public string PartitionKey { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    /// <summary>Seconds until Cosmos deletes the document (container TTL is on, default off per item).</summary>
    [JsonPropertyName("ttl")]
    public int? TimeToLive { get; set; }

    [JsonPropertyName("_etag")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ETag { get; set; }
}
