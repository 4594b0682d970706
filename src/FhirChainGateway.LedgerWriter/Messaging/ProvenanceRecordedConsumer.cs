using FhirChainGateway.Contracts;
using FhirChainGateway.Ledger.Log;
using MassTransit;

namespace FhirChainGateway.LedgerWriter.Messaging;

/// <summary>
/// Sequences one provenance event into the log and returns (acknowledging the message) only once the
/// entry is durable. An event id seen before is absorbed by the log's idempotency instead of making a
/// second leaf. A message that can never be ledgered throws <see cref="PoisonEventException"/>, which is
/// not retried: MassTransit moves it to the error queue with the reason in its fault headers.
/// </summary>
public sealed class ProvenanceRecordedConsumer(GroupCommitSequencer sequencer) : IConsumer<ProvenanceRecorded>
{
    public async Task Consume(ConsumeContext<ProvenanceRecorded> context)
    {
        var message = context.Message;
        if (message.SchemaVersion > ProvenanceRecorded.CurrentSchemaVersion)
        {
            throw new PoisonEventException($"Event {message.EventId} has schema version {message.SchemaVersion}; this writer understands up to {ProvenanceRecorded.CurrentSchemaVersion}.");
        }

        if (message.EventId == Guid.Empty || message.LeafData is not { Length: > 0 } || string.IsNullOrWhiteSpace(message.LeafKind))
        {
            throw new PoisonEventException($"Event {message.EventId} lacks an event id, leaf kind or leaf data.");
        }

        await sequencer.SequenceAsync(new LogEntry(message.EventId, message.LeafKind, message.LeafData), context.CancellationToken);
    }
}

/// <summary>An event that no retry can make ledgerable; it goes to the error queue.</summary>
public sealed class PoisonEventException(string message) : Exception(message);
