using FhirChainGateway.Storage.Search;

namespace FhirChainGateway.Storage.Resources;

public enum WriteKind
{
    Create,
    Update,
    Delete,
}

/// <summary>
/// One resource version to be written as part of a <see cref="WriteBatch"/>.
/// </summary>
/// <param name="VersionId">
/// Must be exactly one more than the stored current version (1 for a resource that never existed; a
/// deletion counts as a version). Otherwise the batch fails with <see cref="VersionConflictException"/>
/// even when <paramref name="ExpectedCurrentVersion"/> is null, so two writers that read the same
/// version can never both write its successor.
/// </param>
/// <param name="ExpectedCurrentVersion">
/// Optimistic concurrency: null writes unconditionally; 0 requires that the resource does not exist
/// (or exists only as deleted); N requires the current version to be N. A mismatch fails the whole batch
/// with <see cref="VersionConflictException"/>.
/// </param>
/// <param name="CompartmentKey">The patient compartment (<c>Patient/123</c>) the resource belongs to, or null.</param>
/// <param name="SearchIndex">Index entries extracted by the FHIR engine; the store persists them natively.</param>
public sealed record ResourceWrite(
    WriteKind Kind,
    string ResourceType,
    string Id,
    long VersionId,
    DateTimeOffset LastUpdated,
    ReadOnlyMemory<byte> Json,
    long? ExpectedCurrentVersion,
    string? CompartmentKey,
    IReadOnlyList<SearchIndexEntry> SearchIndex)
{
    /// <summary>The salt of the version's ledger commitment, stored beside it (null for deletions).</summary>
    public byte[]? Salt { get; init; }
}
