using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>
/// One outbox message, in the single <c>outbox</c> partition so that pending messages are read in
/// sequence order by one single-partition query. Staged by the batch that announces it and made
/// pending only once that batch has committed; sent messages expire through their time-to-live.
/// </summary>
internal sealed class OutboxDocument : CosmosDocument
{
    [JsonPropertyName("tx")]
    public string TransactionId { get; set; } = string.Empty;

    [JsonPropertyName("seq")]
    public long Sequence { get; set; }

    [JsonPropertyName("state")]
    public string State { get; set; } = OutboxStates.Staged;

    [JsonPropertyName("mid")]
    public Guid MessageId { get; set; }

    [JsonPropertyName("type")]
    public string MessageType { get; set; } = string.Empty;

    [JsonPropertyName("okey")]
    public string OrderingKey { get; set; } = string.Empty;

    [JsonPropertyName("payload")]
    public byte[] Payload { get; set; } = [];

    [JsonPropertyName("created")]
    public string CreatedAt { get; set; } = string.Empty;

    [JsonPropertyName("attempts")]
    public int Attempts { get; set; }

    [JsonPropertyName("err")]
    public string? LastError { get; set; }

    [JsonPropertyName("sent")]
    public string? SentAt { get; set; }
}
