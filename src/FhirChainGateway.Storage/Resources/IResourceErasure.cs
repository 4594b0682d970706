namespace FhirChainGateway.Storage.Resources;

/// <summary>
/// Erasure of a resource (GDPR Art. 17): every version's content and commitment salt are deleted and its
/// search index removed, while the version rows remain as erased markers, so history, Provenance and the
/// ledger's leaves and proofs stay intact but can no longer be linked to the content.
/// </summary>
public interface IResourceErasure
{
    /// <summary>
    /// Erases every version and, in the same transaction, commits <paramref name="record"/> (the Provenance and
    /// outbox event that record the erasure), so an erasure is never left unrecorded. Returns the version ids
    /// erased; empty, with nothing committed, when the resource is unknown or already erased.
    /// </summary>
    Task<IReadOnlyList<long>> EraseAsync(string resourceType, string id, DateTimeOffset erasedAt, WriteBatch record, CancellationToken cancellationToken);
}
