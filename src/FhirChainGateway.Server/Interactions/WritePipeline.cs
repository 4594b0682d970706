using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Server.Indexing;
using FhirChainGateway.Server.Ledger;
using FhirChainGateway.Server.Outbox;
using FhirChainGateway.Server.Provenance;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Server.Interactions;

/// <summary>
/// The last step of every write: stamps id and meta, serializes, computes each version's salted
/// commitment over its canonical form, extracts the search index, builds the Provenance and its ledger
/// events, and commits all of it — resources, Provenance and outbox rows — in one storage transaction.
/// </summary>
public sealed class WritePipeline(
    IResourceStore store,
    FhirCodec codec,
    SearchIndexer indexer,
    PatientCompartment compartment,
    LedgerRecorder recorder,
    OutboxSignal outboxSignal,
    TimeProvider timeProvider)
{
    public async Task<CommitResult> CommitAsync(IReadOnlyList<PendingWrite> writes, RequestAgent agent, CancellationToken cancellationToken)
    {
        var now = Now();
        var instant = ProvenanceFactory.FormatInstant(now);

        var resourceWrites = new List<ResourceWrite>(writes.Count + 1);
        var committed = new List<CommittedWrite>(writes.Count);
        var keys = new KeyTracker();
        foreach (var write in writes)
        {
            if (write.Kind == WriteKind.Delete)
            {
                resourceWrites.Add(new ResourceWrite(write.Kind, write.ResourceType, write.Id, write.VersionId, now, ReadOnlyMemory<byte>.Empty, write.ExpectedCurrentVersion, null, []));
                committed.Add(new CommittedWrite(write.Kind, write.ResourceType, write.Id, write.VersionId, now, ReadOnlyMemory<byte>.Empty, string.Empty, null));
                keys.Add(null, write.ResourceType, write.Id);
                continue;
            }

            var resource = write.Resource!;
            codec.Stamp(resource, write.Id, write.VersionId, instant);
            var json = codec.Serialize(resource);
            var salt = SaltedCommitment.NewSalt();
            var compartmentKey = compartment.KeyOf(write.ResourceType, write.Id, resource);
            resourceWrites.Add(new ResourceWrite(write.Kind, write.ResourceType, write.Id, write.VersionId, now, json, write.ExpectedCurrentVersion, compartmentKey, indexer.Extract(resource))
            {
                Salt = salt,
            });
            committed.Add(new CommittedWrite(write.Kind, write.ResourceType, write.Id, write.VersionId, now, json, SaltedCommitment.Compute(salt, codec.Canonicalize(json)), salt, compartmentKey));
            keys.Add(compartmentKey, write.ResourceType, write.Id);
        }

        var targets = committed.Select(c => new ProvenanceTarget(c.VersionedReference, ProvenanceFactory.OperationOf(c.Kind), c.Commitment)).ToList();
        var (provenance, events) = recorder.Record(committed, targets, keys.SinglePatientCompartment, keys.OrderingKey, agent, now);
        resourceWrites.Add(provenance with { SearchIndex = indexer.ExtractProvenanceTargets(targets) });

        await store.CommitAsync(new WriteBatch(resourceWrites, events), cancellationToken);
        outboxSignal.Notify();
        return new CommitResult(committed, provenance.Id);
    }

    /// <summary>
    /// Erases a resource (content and salts of every version) and records the erasure with a Provenance
    /// and ledger event in the same transaction. Returns the erased version ids.
    /// </summary>
    public async Task<IReadOnlyList<long>> EraseAsync(IResourceErasure erasure, string resourceType, string id, RequestAgent agent, CancellationToken cancellationToken)
    {
        var history = await store.ReadHistoryAsync(resourceType, id, 1, null, cancellationToken);
        if (history.Versions.Count == 0)
        {
            return [];
        }

        var now = Now();
        var latest = history.Versions[0].VersionId;
        var targets = Enumerable.Range(1, (int)latest)
            .Select(v => new ProvenanceTarget($"{resourceType}/{id}/_history/{v}", "erase", string.Empty))
            .ToList();
        var current = await store.ReadCurrentAsync(resourceType, id, cancellationToken);
        var compartmentKey = resourceType == "Patient" ? "Patient/" + id : null;
        if (compartmentKey is null && current is { IsDeleted: false } && !current.Json.IsEmpty)
        {
            compartmentKey = compartment.KeyOf(resourceType, id, codec.Parse(current.Json.ToArray()));
        }

        var (provenance, events) = recorder.Record([], targets, compartmentKey, compartmentKey ?? resourceType + "/" + id, agent, now);
        var erased = await erasure.EraseAsync(resourceType, id, now, new WriteBatch([provenance with { SearchIndex = indexer.ExtractProvenanceTargets(targets) }], events), cancellationToken);
        if (erased.Count > 0)
        {
            outboxSignal.Notify();
        }

        return erased;
    }

    // meta.lastUpdated has millisecond precision, so the stored timestamp is cut to match it exactly.
    private DateTimeOffset Now()
    {
        var now = timeProvider.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>Decides the ordering key of the interaction's events and whether it stays in one patient compartment.</summary>
    private sealed class KeyTracker
    {
        private bool _mixed;

        public string OrderingKey { get; private set; } = string.Empty;

        public string? SinglePatientCompartment =>
            !_mixed && OrderingKey.StartsWith("Patient/", StringComparison.Ordinal) ? OrderingKey : null;

        public void Add(string? compartmentKey, string resourceType, string id)
        {
            var key = compartmentKey ?? resourceType + "/" + id;
            if (OrderingKey.Length == 0)
            {
                OrderingKey = key;
            }
            else if (OrderingKey != key)
            {
                _mixed = true;
            }
        }
    }
}
