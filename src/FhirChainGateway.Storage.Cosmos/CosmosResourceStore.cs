using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Cosmos.Transactions;
using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// <see cref="IResourceStore"/> on Cosmos DB. A resource's head (in its own partition) says which
/// version is current and where its versions live: in its patient compartment's partition when it has
/// one, so a compartment's resources and their history are single-partition. Batches commit atomically
/// through <see cref="BatchCommitter"/>; reads observe a batch exactly at its commit point. Safe as a
/// singleton. Document layout and protocol: README.md.
/// </summary>
public sealed class CosmosResourceStore : IResourceStore, IResourceErasure
{
    private readonly CosmosStoreDatabase _database;
    private readonly TransactionResolver _resolver;
    private readonly BatchCommitter _committer;

    public CosmosResourceStore(CosmosStoreDatabase database, ILogger<CosmosResourceStore>? logger = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _resolver = new TransactionResolver(database);
        _committer = new BatchCommitter(database, _resolver, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>Test seam of the commit protocol (see <see cref="BatchCommitter.StageReached"/>).</summary>
    internal Func<CommitStage, Task>? CommitStageReached
    {
        get => _committer.StageReached;
        set => _committer.StageReached = value;
    }

    public async Task<ResourceVersion?> ReadCurrentAsync(string resourceType, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(id);
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var state = await _resolver.ReadEffectiveStateAsync(resourceType, id, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return null;
        }

        if (state.Deleted)
        {
            // The head has all a deletion marker (or an erased version) needs.
            return new ResourceVersion(resourceType, id, state.Version, CosmosTime.Parse(state.LastUpdated!), IsDeleted: true, ReadOnlyMemory<byte>.Empty)
            {
                ErasedAt = state.IsErased ? CosmosTime.Parse(state.ErasedAt!) : null,
            };
        }

        return await ReadVersionDocumentAsync(resourceType, id, state.Version, state.DataPartition!, state, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceVersion?> ReadVersionAsync(string resourceType, string id, long versionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(id);
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var state = await _resolver.ReadEffectiveStateAsync(resourceType, id, cancellationToken).ConfigureAwait(false);

        // Version documents above the committed version may be staged by a batch in flight: never read them.
        if (state is null || versionId < 1 || versionId > state.Version || state.PartitionOf(versionId) is not { } partition)
        {
            return null;
        }

        return await ReadVersionDocumentAsync(resourceType, id, versionId, partition, state, cancellationToken).ConfigureAwait(false);
    }

    public async Task<HistoryPage> ReadHistoryAsync(
        string resourceType, string id, int count, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var before = CosmosContinuationToken.DecodeHistory(continuationToken);
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var state = await _resolver.ReadEffectiveStateAsync(resourceType, id, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return new HistoryPage([], null);
        }

        // Versions are dense (1..current), so the page's range is known before reading anything.
        var newest = Math.Min(state.Version, (before ?? long.MaxValue) - 1);
        var oldest = Math.Max(1, newest - count + 1);
        var versions = new List<ResourceVersion>((int)Math.Max(0, newest - oldest + 1));
        for (var s = state.Segments.Count - 1; s >= 0 && newest >= oldest; s--)
        {
            var segment = state.Segments[s];
            var upper = Math.Min(newest, s + 1 < state.Segments.Count ? state.Segments[s + 1].FromVersion - 1 : long.MaxValue);
            var lower = Math.Max(oldest, segment.FromVersion);
            if (upper < lower)
            {
                continue;
            }

            versions.AddRange(await ReadHistoryRangeAsync(resourceType, id, segment.PartitionKey, lower, upper, state, cancellationToken).ConfigureAwait(false));
        }

        return new HistoryPage(versions, oldest > 1 && newest >= oldest ? CosmosContinuationToken.EncodeHistory(oldest) : null);
    }

    public Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return _committer.CommitAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Erases every version's body, salt and index through the same commit protocol as a batch, with
    /// <paramref name="record"/> in the same transaction: readers see the erasure at its commit point
    /// (erased versions are never returned with content even before their documents are scrubbed).
    /// </summary>
    public Task<IReadOnlyList<long>> EraseAsync(string resourceType, string id, DateTimeOffset erasedAt, WriteBatch record, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(record);
        return _committer.EraseAsync(resourceType, id, erasedAt, record, cancellationToken);
    }

    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var search = CosmosSearchQueryBuilder.Build(query, CosmosContinuationToken.DecodeSearch(query.ContinuationToken));
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);

        // One more than a page only proves that another page exists.
        var found = new List<SearchResultDocument>(Math.Min(query.Count + 1, 256));
        await using (var reader = _database.Resources.Query(search.Definition, search.PartitionKey, query.Count + 1))
        {
            while (found.Count <= query.Count && await reader.ReadPageAsync(cancellationToken).ConfigureAwait(false) is { } page)
            {
                found.AddRange(page.Select(CosmosJson.Deserialize<SearchResultDocument>));
            }
        }

        var hasMore = found.Count > query.Count;
        if (hasMore)
        {
            found.RemoveRange(query.Count, found.Count - query.Count);
        }

        var resources = new List<ResourceVersion>(found.Count);
        foreach (var result in found)
        {
            var body = await ResourceDocuments.ReadBodyAsync(
                _database.Resources, result.ResourceType, result.ResourceId, result.Version, result.PartitionKey, result.Body, result.Chunks, cancellationToken).ConfigureAwait(false);
            resources.Add(new ResourceVersion(result.ResourceType, result.ResourceId, result.Version, CosmosTime.Parse(result.LastUpdated), IsDeleted: false, body)
            {
                Salt = result.Salt,
            });
        }

        return new SearchPage(resources, hasMore ? CosmosContinuationToken.EncodeSearch(found[^1].Key) : null);
    }

    /// <summary>
    /// Runs the recovery pass now: finishes every batch whose record says committed, rolls back aborted
    /// ones and pending ones whose lease has expired. Safe at any time and from several processes.
    /// </summary>
    public Task<CosmosRecoveryReport> RecoverAsync(CancellationToken cancellationToken) =>
        new CosmosTransactionRecovery(_database, _resolver).RecoverAsync(cancellationToken);

    private async Task<ResourceVersion?> ReadVersionDocumentAsync(
        string resourceType, string id, long version, string partition, ResourceState state, CancellationToken cancellationToken)
    {
        var document = await _database.Resources.ReadAsync<VersionDocument>(
            DocumentKeys.VersionId(resourceType, id, version), partition, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Version {version} of {resourceType}/{id} is committed but its document is missing.");
        return await ToResourceVersionAsync(document, state, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<ResourceVersion>> ReadHistoryRangeAsync(
        string resourceType, string id, string partition, long lower, long upper, ResourceState state, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.pk = @pk AND c.kind = @kind AND c.t = @type AND c.rid = @id AND c.ver >= @lower AND c.ver <= @upper "
                + "ORDER BY c.kind, c.t, c.rid, c.ver DESC")
            .WithParameter("@pk", partition)
            .WithParameter("@kind", DocumentKeys.VersionKind)
            .WithParameter("@type", resourceType)
            .WithParameter("@id", id)
            .WithParameter("@lower", lower)
            .WithParameter("@upper", upper);
        var versions = new List<ResourceVersion>((int)(upper - lower + 1));
        await using var reader = _database.Resources.Query(query, partition, (int)Math.Min(upper - lower + 1, 1000));
        while (await reader.ReadPageAsync(cancellationToken).ConfigureAwait(false) is { } page)
        {
            foreach (var item in page)
            {
                versions.Add(await ToResourceVersionAsync(CosmosJson.Deserialize<VersionDocument>(item), state, cancellationToken).ConfigureAwait(false));
            }
        }

        return versions;
    }

    /// <summary>
    /// A version as stored, or as an erased marker when the head says it is erased: between an
    /// erasure's commit point and the scrubbing of its documents, their content is never returned.
    /// </summary>
    private async Task<ResourceVersion> ToResourceVersionAsync(VersionDocument document, ResourceState state, CancellationToken cancellationToken)
    {
        var erasedAt = document.ErasedAt ?? (state.ErasedAt is not null && document.Version <= state.ErasedThrough ? state.ErasedAt : null);
        var lastUpdated = CosmosTime.Parse(document.LastUpdated);
        if (erasedAt is not null)
        {
            return new ResourceVersion(document.ResourceType, document.ResourceId, document.Version, lastUpdated, document.Deleted, ReadOnlyMemory<byte>.Empty)
            {
                ErasedAt = CosmosTime.Parse(erasedAt),
            };
        }

        var body = await ResourceDocuments.ReadBodyAsync(
            _database.Resources, document.ResourceType, document.ResourceId, document.Version, document.PartitionKey, document.Body, document.Chunks, cancellationToken).ConfigureAwait(false);
        return new ResourceVersion(document.ResourceType, document.ResourceId, document.Version, lastUpdated, document.Deleted, body)
        {
            Salt = document.Salt,
        };
    }
}
