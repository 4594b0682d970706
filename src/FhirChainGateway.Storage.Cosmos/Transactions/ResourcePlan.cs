using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Storage.Cosmos.Transactions;

/// <summary>
/// Everything a batch writes to one resource, in batch order (a transaction Bundle may write the same
/// resource more than once), and the checks and new state that follow from its current state; or the
/// erasure of all its versions.
/// </summary>
internal sealed class ResourcePlan(string resourceType, string id, IReadOnlyList<StagedVersion> versions, DateTimeOffset? erasedAt = null)
{
    public string ResourceType { get; } = resourceType;

    public string Id { get; } = id;

    public IReadOnlyList<StagedVersion> Versions { get; } = versions;

    /// <summary>Set for an erasure, which writes no version: it removes the content of every existing one.</summary>
    public DateTimeOffset? ErasedAt { get; } = erasedAt;

    public string HomePartition => DocumentKeys.HomePartition(ResourceType, Id);

    public string HeadId => DocumentKeys.HeadId(ResourceType, Id);

    public StagedVersion? Final => Versions.Count > 0 ? Versions[^1] : null;

    /// <summary>
    /// Checks every write's expectations against <paramref name="committed"/> and the writes before
    /// it, exactly like the SQLite store: the caller's If-Match / create-if-absent expectation first,
    /// then that the version follows the current one directly.
    /// </summary>
    public void CheckExpectations(ResourceState? committed)
    {
        long? current = committed is { Version: > 0 } ? committed.Version : null;
        var deleted = committed?.Deleted ?? false;
        foreach (var version in Versions)
        {
            var write = version.Write;
            var holds = write.ExpectedCurrentVersion switch
            {
                null => true,
                0 => current is null || deleted,
                var expected => current == expected,
            };
            if (!holds)
            {
                throw new VersionConflictException(write.ResourceType, write.Id, write.ExpectedCurrentVersion, current);
            }

            if (write.VersionId != (current ?? 0) + 1)
            {
                throw new VersionConflictException(write.ResourceType, write.Id, write.VersionId - 1, current);
            }

            current = write.VersionId;
            deleted = write.Kind == WriteKind.Delete;
        }
    }

    /// <summary>The state after this batch, starting from <paramref name="committed"/> (null: the resource is new).</summary>
    public ResourceState NextState(ResourceState? committed)
    {
        var next = committed?.Clone() ?? new ResourceState();
        if (ErasedAt is { } erasedAt)
        {
            // The version stays; it becomes a deletion whose every predecessor has lost its content.
            next.Deleted = true;
            next.ErasedAt = CosmosTime.Format(erasedAt);
            next.ErasedThrough = next.Version;
            return next;
        }

        foreach (var version in Versions)
        {
            var document = version.Document;
            next.Version = document.Version;
            next.LastUpdated = document.LastUpdated;
            next.Deleted = document.Deleted;
            next.DataPartition = document.PartitionKey;
            if (next.Segments.Count == 0 || next.Segments[^1].PartitionKey != document.PartitionKey)
            {
                next.Segments.Add(new HistorySegment { PartitionKey = document.PartitionKey, FromVersion = document.Version });
            }
        }

        return next;
    }

    /// <summary>The conflict to report when another batch holds this resource.</summary>
    public VersionConflictException LockedConflict(ResourceState? committed)
    {
        var current = committed is { Version: > 0 } ? committed.Version : (long?)null;
        if (Versions.Count == 0)
        {
            return new VersionConflictException(ResourceType, Id, current, current);
        }

        var first = Versions[0].Write;
        return new VersionConflictException(ResourceType, Id, first.ExpectedCurrentVersion ?? first.VersionId - 1, current);
    }
}
