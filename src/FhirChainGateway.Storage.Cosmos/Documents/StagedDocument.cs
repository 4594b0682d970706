using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>Any document a batch stages (version, chunk, outbox), read only to learn which batch wrote it.</summary>
internal sealed class StagedDocument : CosmosDocument
{
    [JsonPropertyName("tx")]
    public string TransactionId { get; set; } = string.Empty;

    [JsonPropertyName("state")]
    public string? State { get; set; }
}
