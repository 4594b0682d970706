using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>A slice of a large body, stored next to its version document.</summary>
internal sealed class ChunkDocument : CosmosDocument
{
    [JsonPropertyName("tx")]
    public string TransactionId { get; set; } = string.Empty;

    [JsonPropertyName("data")]
    public byte[] Data { get; set; } = [];
}
