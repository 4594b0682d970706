using FhirChainGateway.Storage.Cosmos.Documents;

namespace FhirChainGateway.Storage.Cosmos.Transactions;

/// <summary>
/// What the committing process still knows when it publishes its own batch: the final version of each
/// resource, the heads as it locked them (with ETags) and the staged outbox documents (with ETags).
/// It only saves reads: every write made with it is still guarded, so stale knowledge is harmless.
/// </summary>
internal sealed class CommittedBatch(BatchPlan plan, IReadOnlyList<HeadDocument?> lockedHeads, IReadOnlyList<OutboxDocument> stagedOutbox)
{
    private readonly Dictionary<(string Type, string Id), (VersionDocument? Final, HeadDocument? Head)> _resources =
        plan.Resources.Select((resource, i) => (resource, i)).ToDictionary(
            x => (x.resource.ResourceType, x.resource.Id),
            x => (x.resource.Final?.Document, lockedHeads[x.i]));

    public IReadOnlyList<OutboxDocument> StagedOutbox { get; } = stagedOutbox;

    public (VersionDocument? Final, HeadDocument? Head) Resource(string resourceType, string id) =>
        _resources.TryGetValue((resourceType, id), out var known) ? known : (null, null);
}
