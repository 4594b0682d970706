using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>The outbox sequence, advanced with Cosmos's atomic patch increment (no read, no ETag race).</summary>
internal sealed class CounterDocument : CosmosDocument
{
    [JsonPropertyName("value")]
    public long Value { get; set; }
}
