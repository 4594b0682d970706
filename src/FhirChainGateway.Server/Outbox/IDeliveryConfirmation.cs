using FhirChainGateway.LedgerWriter.Messaging;

namespace FhirChainGateway.Server.Outbox;

/// <summary>
/// For transports whose "sent" does not mean "durable": the relay asks, before sending, to be told when the
/// ledger has durably sequenced the event, and marks the outbox row sent only then. RabbitMQ's publisher
/// confirms already mean durable, so only the embedded writer (in-memory bus) registers one.
/// </summary>
public interface IDeliveryConfirmation
{
    Task ExpectAsync(Guid eventId, CancellationToken cancellationToken);

    void Forget(Guid eventId);
}

/// <summary>The embedded writer's confirmation: its group-commit sequencer signals each durably sequenced event.</summary>
public sealed class SequencedDeliveryConfirmation(GroupCommitSequencer sequencer) : IDeliveryConfirmation
{
    public Task ExpectAsync(Guid eventId, CancellationToken cancellationToken) => sequencer.WhenSequencedAsync(eventId, cancellationToken);

    public void Forget(Guid eventId) => sequencer.StopWatching(eventId);
}
