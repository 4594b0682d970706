using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>
/// The commit record of one batch, alone in its own partition (<c>tx|{guid}</c>) so that records never
/// contend. Its <see cref="State"/> goes pending → committed (the commit point) or pending → aborted,
/// each step a replace with If-Match, so exactly one outcome wins; it lists every write so that any
/// process can finish the batch after a crash.
/// </summary>
internal sealed class TransactionDocument : CosmosDocument
{
    [JsonPropertyName("state")]
    public string State { get; set; } = TransactionStates.Pending;

    [JsonPropertyName("started")]
    public string Started { get; set; } = string.Empty;

    /// <summary>After this instant (UTC, round-trip format) anyone may abort the batch if it is still pending.</summary>
    [JsonPropertyName("deadline")]
    public string Deadline { get; set; } = string.Empty;

    [JsonPropertyName("writes")]
    public List<TransactionWrite> Writes { get; set; } = [];

    /// <summary>Outbox documents staged by the batch: <c>o|{tx}|0</c> .. <c>o|{tx}|{n-1}</c>.</summary>
    [JsonPropertyName("outbox")]
    public int OutboxCount { get; set; }
}
