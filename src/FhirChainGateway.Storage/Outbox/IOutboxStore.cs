namespace FhirChainGateway.Storage.Outbox;

/// <summary>The relay's view of the outbox that <c>IResourceStore.CommitAsync</c> fills.</summary>
public interface IOutboxStore
{
    /// <summary>Unsent messages in commit order, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<PendingOutboxMessage>> ReadPendingAsync(int max, CancellationToken cancellationToken);

    Task MarkSentAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken);

    Task RecordFailedAttemptAsync(long sequence, string reason, CancellationToken cancellationToken);

    Task<long> CountPendingAsync(CancellationToken cancellationToken);
}
