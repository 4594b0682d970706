using System.Text.Json;
using FhirChainGateway.Contracts;
using FhirChainGateway.Server.Indexing;
using FhirChainGateway.Server.Outbox;
using FhirChainGateway.Server.Provenance;
using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Server.Interactions;

/// <summary>
/// The last step of every write: stamps id and meta, serializes, hashes the canonical form, extracts
/// the search index, builds the Provenance and its ledger event, and commits all of it — resources,
/// Provenance and outbox row — in one storage transaction.
/// </summary>
public sealed class WritePipeline(
    IResourceStore store,
    FhirCodec codec,
    SearchIndexer indexer,
    PatientCompartment compartment,
    OutboxSignal outboxSignal,
    TimeProvider timeProvider)
{
    public async Task<CommitResult> CommitAsync(IReadOnlyList<PendingWrite> writes, RequestAgent agent, CancellationToken cancellationToken)
    {
        // meta.lastUpdated has millisecond precision, so the stored timestamp is cut to match it exactly.
        var now = timeProvider.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var instant = ProvenanceFactory.FormatInstant(now);

        var resourceWrites = new List<ResourceWrite>(writes.Count + 1);
        var committed = new List<CommittedWrite>(writes.Count);
        string? orderingKey = null;
        var singleCompartment = true;
        foreach (var write in writes)
        {
            string? compartmentKey = null;
            if (write.Kind == WriteKind.Delete)
            {
                resourceWrites.Add(new ResourceWrite(write.Kind, write.ResourceType, write.Id, write.VersionId, now, ReadOnlyMemory<byte>.Empty, write.ExpectedCurrentVersion, null, []));
                committed.Add(new CommittedWrite(write.Kind, write.ResourceType, write.Id, write.VersionId, now, ReadOnlyMemory<byte>.Empty, string.Empty));
            }
            else
            {
                var resource = write.Resource!;
                codec.Stamp(resource, write.Id, write.VersionId, instant);
                var json = codec.Serialize(resource);
                compartmentKey = compartment.KeyOf(write.ResourceType, write.Id, resource);
                resourceWrites.Add(new ResourceWrite(write.Kind, write.ResourceType, write.Id, write.VersionId, now, json, write.ExpectedCurrentVersion, compartmentKey, indexer.Extract(resource)));
                committed.Add(new CommittedWrite(write.Kind, write.ResourceType, write.Id, write.VersionId, now, json, codec.CanonicalSha256(json)));
            }

            var key = compartmentKey ?? write.ResourceType + "/" + write.Id;
            if (orderingKey is null)
            {
                orderingKey = key;
            }
            else if (orderingKey != key)
            {
                singleCompartment = false;
            }
        }

        var provenanceId = Guid.CreateVersion7(now).ToString("D");
        var provenanceJson = ProvenanceFactory.Build(provenanceId, now, committed, agent);
        resourceWrites.Add(new ResourceWrite(
            WriteKind.Create,
            "Provenance",
            provenanceId,
            1,
            now,
            provenanceJson,
            0,
            singleCompartment && orderingKey!.StartsWith("Patient/", StringComparison.Ordinal) ? orderingKey : null,
            []));

        var eventId = Guid.CreateVersion7(now);
        var recorded = new ProvenanceRecorded
        {
            EventId = eventId,
            ProvenanceId = provenanceId,
            ProvenanceVersionId = 1,
            Recorded = now,
            LeafKind = "Provenance",
            LeafData = codec.Canonicalize(provenanceJson),
            OrderingKey = orderingKey ?? "Provenance/" + provenanceId,
            Targets = committed.Select(c => new RecordedTarget(c.ResourceType, c.Id, c.VersionId, c.Sha256)).ToList(),
        };
        var outbox = new OutboxMessage(eventId, nameof(ProvenanceRecorded), recorded.OrderingKey, JsonSerializer.SerializeToUtf8Bytes(recorded), now);

        await store.CommitAsync(new WriteBatch(resourceWrites, [outbox]), cancellationToken);
        outboxSignal.Notify();
        return new CommitResult(committed, provenanceId, eventId);
    }
}
