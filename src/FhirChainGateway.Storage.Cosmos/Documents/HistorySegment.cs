using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>Versions from <see cref="FromVersion"/> on live in <see cref="PartitionKey"/> (until the next segment).</summary>
internal sealed class HistorySegment
{
    [JsonPropertyName("pk")]
    public string PartitionKey { get; set; } = string.Empty;

    [JsonPropertyName("from")]
    public long FromVersion { get; set; }
}
