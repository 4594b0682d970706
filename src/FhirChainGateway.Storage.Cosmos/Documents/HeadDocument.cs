using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>
/// One per resource, in the resource's own partition (<c>Type/id</c>), so a read by type and id always
/// knows where to look. It is the concurrency anchor: every batch that writes the resource replaces
/// it with If-Match, first to lock it and then to publish the new state.
/// </summary>
internal sealed class HeadDocument : CosmosDocument
{
    [JsonPropertyName("t")]
    public string ResourceType { get; set; } = string.Empty;

    [JsonPropertyName("rid")]
    public string ResourceId { get; set; } = string.Empty;

    [JsonPropertyName("cur")]
    public ResourceState Committed { get; set; } = new();

    [JsonPropertyName("lock")]
    public HeadLock? Lock { get; set; }
}
