namespace FhirChainGateway.Storage.Outbox;

/// <summary>
/// A message committed in the same transaction as the writes it announces, relayed to the bus later.
/// <paramref name="OrderingKey"/> groups messages that must be published in order (the patient
/// compartment, or the resource when it has none); <paramref name="Payload"/> is the serialized contract.
/// </summary>
public sealed record OutboxMessage(
    Guid MessageId,
    string MessageType,
    string OrderingKey,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset CreatedAt);

/// <summary>An outbox message as read back for relaying, with its commit sequence.</summary>
public sealed record PendingOutboxMessage(long Sequence, OutboxMessage Message, int Attempts);
