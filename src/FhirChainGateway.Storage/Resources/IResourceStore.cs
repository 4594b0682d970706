using FhirChainGateway.Storage.Search;

namespace FhirChainGateway.Storage.Resources;

/// <summary>
/// Storage of resource versions. Each backend implements it natively for its database; all of them
/// pass the shared contract suite in tests/FhirChainGateway.Storage.Tests.
/// </summary>
public interface IResourceStore
{
    /// <summary>The current version (a deletion marker when the latest version is a delete), or null when the resource never existed.</summary>
    Task<ResourceVersion?> ReadCurrentAsync(string resourceType, string id, CancellationToken cancellationToken);

    Task<ResourceVersion?> ReadVersionAsync(string resourceType, string id, long versionId, CancellationToken cancellationToken);

    /// <summary>
    /// Versions newest first, <paramref name="count"/> at a time; the token comes from the previous page
    /// (a token the store did not issue fails with a 400 <c>FhirException</c>).
    /// </summary>
    Task<HistoryPage> ReadHistoryAsync(string resourceType, string id, int count, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Writes the whole batch atomically. Throws <see cref="VersionConflictException"/> when an expectation fails.</summary>
    Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Current, non-deleted resources matching the query, in a stable order, paged by continuation token
    /// (a token the store did not issue fails with a 400 <c>FhirException</c>).
    /// </summary>
    Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken);
}
