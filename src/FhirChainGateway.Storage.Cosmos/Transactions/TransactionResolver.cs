using FhirChainGateway.Storage.Cosmos.Documents;

namespace FhirChainGateway.Storage.Cosmos.Transactions;

/// <summary>
/// Finishes batches: rolls a committed one forward (publishes its versions and outbox messages) and an
/// aborted one back (removes what it staged, releases its locks), resource by resource or whole.
/// Every step is idempotent and guarded by an ETag or by the owning transaction id, so the committing
/// process, a writer that meets a stale lock, and the recovery pass can all run it at the same time
/// without undoing one another's work or overwriting a newer version.
/// </summary>
internal sealed class TransactionResolver(CosmosStoreDatabase database)
{
    /// <summary>Bound on optimistic retry loops; each retry means another process made progress.</summary>
    internal const int MaxAttempts = 20;

    private CosmosDocumentContainer Resources => database.Resources;

    private CosmosDocumentContainer System => database.System;

    public Task<TransactionDocument?> ReadRecordAsync(string transactionId, CancellationToken cancellationToken) =>
        System.ReadAsync<TransactionDocument>(transactionId, transactionId, cancellationToken);

    public bool IsExpired(TransactionDocument record) =>
        database.TimeProvider.GetUtcNow() > CosmosTime.Parse(record.Deadline);

    /// <summary>
    /// The state readers see: the head's committed state, or the lock's if its batch has committed
    /// (the commit point is the record's state change, not the later publication of the head). Null
    /// when the resource never existed.
    /// </summary>
    public async Task<ResourceState?> ReadEffectiveStateAsync(string resourceType, string id, CancellationToken cancellationToken)
    {
        HeadDocument? head = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            head = await Resources.ReadAsync<HeadDocument>(
                DocumentKeys.HeadId(resourceType, id), DocumentKeys.HomePartition(resourceType, id), cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return null;
            }

            if (head.Lock is null)
            {
                return head.Committed.Version > 0 ? head.Committed : null;
            }

            var record = await ReadRecordAsync(head.Lock.TransactionId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                // The batch finished between our two reads; the head has its final state now.
                continue;
            }

            var state = record.State == TransactionStates.Committed ? head.Lock.Next : head.Committed;
            return state.Version > 0 ? state : null;
        }

        return head is { Committed.Version: > 0 } ? head.Committed : null;
    }

    /// <summary>
    /// Aborts a pending batch (the record's pending → aborted replace with If-Match races the
    /// committer's pending → committed, and exactly one wins). Returns the record as it now is: aborted,
    /// committed if the committer won, or null if it has finished meanwhile.
    /// </summary>
    public async Task<TransactionDocument?> TryAbortAsync(TransactionDocument record, CancellationToken cancellationToken)
    {
        if (record.State != TransactionStates.Pending)
        {
            return record;
        }

        var aborted = Copy(record, TransactionStates.Aborted);
        var result = await System.ReplaceAsync(aborted, record.ETag, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            aborted.ETag = result.ETag;
            return aborted;
        }

        return await ReadRecordAsync(record.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finishes any batch from its record (the recovery pass); pending ones only once their lease has expired.</summary>
    public async Task<RecoveryAction> ResolveAsync(TransactionDocument record, CancellationToken cancellationToken)
    {
        if (record.State == TransactionStates.Pending)
        {
            if (!IsExpired(record))
            {
                return RecoveryAction.InFlight;
            }

            var current = await TryAbortAsync(record, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return RecoveryAction.None;
            }

            record = current;
        }

        if (record.State == TransactionStates.Committed)
        {
            await RollForwardAsync(record, null, cancellationToken).ConfigureAwait(false);
            return RecoveryAction.RolledForward;
        }

        await RollBackAsync(record, cancellationToken).ConfigureAwait(false);
        return RecoveryAction.RolledBack;
    }

    // ---- roll forward ---------------------------------------------------------------------------

    /// <summary>
    /// Publishes a committed batch: each resource's current document and head, then its outbox
    /// messages, then deletes the record (last, so that a crash at any point leaves the record to
    /// finish from).
    /// </summary>
    /// <param name="known">What the committer knows of its own batch, saving reads; null in recovery.</param>
    public async Task RollForwardAsync(TransactionDocument record, CommittedBatch? known, CancellationToken cancellationToken)
    {
        await ForEachAsync(ResourcesOf(record), async (resource, token) =>
        {
            var (final, head) = known?.Resource(resource.Type, resource.Id) ?? (null, null);
            await RollForwardResourceAsync(record, resource.Type, resource.Id, final, head, token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await ForEachAsync(Enumerable.Range(0, record.OutboxCount), (index, token) =>
            PublishOutboxAsync(record, index, known?.StagedOutbox[index], token), cancellationToken).ConfigureAwait(false);

        await System.DeleteAsync(record.Id, record.PartitionKey, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes one resource of a committed batch if its head is still locked by it: the current
    /// document first (search sees it), then the head (reads see it without consulting the record).
    /// </summary>
    /// <param name="finalVersion">The batch's last version of the resource when the caller has it; otherwise it is read.</param>
    /// <param name="lockedHead">The head as the caller last wrote it; otherwise it is read.</param>
    public async Task RollForwardResourceAsync(
        TransactionDocument record, string resourceType, string id, VersionDocument? finalVersion, HeadDocument? lockedHead, CancellationToken cancellationToken)
    {
        var head = lockedHead;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            head ??= await ReadHeadAsync(resourceType, id, cancellationToken).ConfigureAwait(false);
            if (head?.Lock is null || head.Lock.TransactionId != record.Id)
            {
                return;
            }

            var next = head.Lock.Next;
            var previous = head.Committed;
            if (!next.Deleted)
            {
                var version = finalVersion is not null && finalVersion.Version == next.Version
                    ? finalVersion
                    : await Resources.ReadAsync<VersionDocument>(
                        DocumentKeys.VersionId(resourceType, id, next.Version), next.DataPartition!, cancellationToken).ConfigureAwait(false)
                      ?? throw new InvalidDataException($"Committed version {next.Version} of {resourceType}/{id} has no version document.");
                await PutCurrentAsync(ResourceDocuments.Current(version), isNew: previous.Version == 0, cancellationToken).ConfigureAwait(false);
            }

            if (previous is { Version: > 0, Deleted: false, DataPartition: { } oldPartition }
                && (next.Deleted || oldPartition != next.DataPartition))
            {
                // An erasure keeps the version number, so "older than" must include the version itself.
                var erasing = next.ErasedAt is not null && next.ErasedAt != previous.ErasedAt;
                await DeleteCurrentAsync(resourceType, id, oldPartition, erasing ? next.Version + 1 : next.Version, cancellationToken).ConfigureAwait(false);
            }

            if (next.ErasedAt is not null && next.ErasedAt != previous.ErasedAt)
            {
                await EraseVersionsAsync(resourceType, id, next, cancellationToken).ConfigureAwait(false);
            }

            var published = new HeadDocument
            {
                Id = head.Id,
                PartitionKey = head.PartitionKey,
                Kind = head.Kind,
                ResourceType = head.ResourceType,
                ResourceId = head.ResourceId,
                Committed = next,
                Lock = null,
            };
            var result = await Resources.ReplaceAsync(published, head.ETag, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return;
            }

            head = null;
        }

        throw new TimeoutException($"Could not publish {resourceType}/{id} for batch {record.Id} after {MaxAttempts} attempts.");
    }

    /// <summary>
    /// Removes body, chunks, salt and index values of versions 1..<see cref="ResourceState.ErasedThrough"/>,
    /// keeping each version document (number, time, deletion flag) so history and Provenance stay intact.
    /// </summary>
    private async Task EraseVersionsAsync(string resourceType, string id, ResourceState next, CancellationToken cancellationToken)
    {
        await ForEachAsync(LongRange(1, next.ErasedThrough), async (version, token) =>
        {
            if (next.PartitionOf(version) is not { } partition)
            {
                return;
            }

            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var document = await Resources.ReadAsync<VersionDocument>(DocumentKeys.VersionId(resourceType, id, version), partition, token).ConfigureAwait(false);
                if (document is null || document.ErasedAt is not null)
                {
                    return;
                }

                for (var chunk = 0; chunk < (document.Chunks ?? 0); chunk++)
                {
                    await Resources.DeleteAsync(DocumentKeys.ChunkId(resourceType, id, version, chunk), partition, null, token).ConfigureAwait(false);
                }

                document.Body = null;
                document.Chunks = null;
                document.Salt = null;
                document.Index = null;
                document.ErasedAt = next.ErasedAt;
                if ((await Resources.ReplaceAsync(document, document.ETag, token).ConfigureAwait(false)).Status != WriteStatus.PreconditionFailed)
                {
                    return;
                }
            }

            throw new TimeoutException($"Could not erase version {version} of {resourceType}/{id} after {MaxAttempts} attempts.");
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or replaces the current document unless a version at least as new is already there.</summary>
    /// <param name="isNew">
    /// The resource had no version before this batch, so no current document can exist but one that
    /// another process published for this same batch: try a create first and read only on conflict.
    /// </param>
    private async Task PutCurrentAsync(CurrentDocument current, bool isNew, CancellationToken cancellationToken)
    {
        if (isNew && (await Resources.CreateAsync(current, cancellationToken).ConfigureAwait(false)).Succeeded)
        {
            return;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await Resources.ReadAsync<CurrentDocument>(current.Id, current.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (existing is not null && existing.Version >= current.Version)
            {
                return;
            }

            var result = existing is null
                ? await Resources.CreateAsync(current, cancellationToken).ConfigureAwait(false)
                : await Resources.ReplaceAsync(current, existing.ETag, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                return;
            }
        }

        throw new TimeoutException($"Could not write the current document {current.Id} after {MaxAttempts} attempts.");
    }

    /// <summary>Deletes the current document in <paramref name="partition"/> if it is older than <paramref name="belowVersion"/>.</summary>
    private async Task DeleteCurrentAsync(string resourceType, string id, string partition, long belowVersion, CancellationToken cancellationToken)
    {
        var documentId = DocumentKeys.CurrentId(resourceType, id);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await Resources.ReadAsync<CurrentDocument>(documentId, partition, cancellationToken).ConfigureAwait(false);
            if (existing is null || existing.Version >= belowVersion)
            {
                return;
            }

            var result = await Resources.DeleteAsync(documentId, partition, existing.ETag, cancellationToken).ConfigureAwait(false);
            if (result.Status != WriteStatus.PreconditionFailed)
            {
                return;
            }
        }

        throw new TimeoutException($"Could not delete the current document {documentId} after {MaxAttempts} attempts.");
    }

    /// <summary>Makes a staged outbox message pending (never touching one the relay has already marked sent).</summary>
    private async Task PublishOutboxAsync(TransactionDocument record, int index, OutboxDocument? staged, CancellationToken cancellationToken)
    {
        var document = staged;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            document ??= await System.ReadAsync<OutboxDocument>(
                DocumentKeys.OutboxId(record.Id, index), DocumentKeys.OutboxPartition, cancellationToken).ConfigureAwait(false);
            if (document is null || document.State != OutboxStates.Staged)
            {
                return;
            }

            document.State = OutboxStates.Pending;
            var result = await System.ReplaceAsync(document, document.ETag, cancellationToken).ConfigureAwait(false);
            if (result.Status != WriteStatus.PreconditionFailed)
            {
                return;
            }

            document = null;
        }

        throw new TimeoutException($"Could not publish outbox message {index} of batch {record.Id} after {MaxAttempts} attempts.");
    }

    // ---- roll back ------------------------------------------------------------------------------

    /// <summary>Undoes an aborted batch: its staged documents and locks, then its record.</summary>
    public async Task RollBackAsync(TransactionDocument record, CancellationToken cancellationToken)
    {
        await ForEachAsync(ResourcesOf(record), (resource, token) =>
            RollBackResourceAsync(record, resource.Type, resource.Id, token), cancellationToken).ConfigureAwait(false);
        await ForEachAsync(Enumerable.Range(0, record.OutboxCount), (index, token) =>
            DeleteStagedAsync(DocumentKeys.OutboxId(record.Id, index), DocumentKeys.OutboxPartition, record.Id, token), cancellationToken).ConfigureAwait(false);
        await System.DeleteAsync(record.Id, record.PartitionKey, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes what an aborted batch staged for one resource, then releases its lock. In that order:
    /// once the lock is free another batch may stage the same version ids, and those must survive.
    /// </summary>
    public async Task RollBackResourceAsync(TransactionDocument record, string resourceType, string id, CancellationToken cancellationToken)
    {
        foreach (var write in record.Writes.Where(w => w.ResourceType == resourceType && w.ResourceId == id && !w.Erase))
        {
            await DeleteStagedAsync(DocumentKeys.VersionId(resourceType, id, write.Version), write.PartitionKey, record.Id, cancellationToken).ConfigureAwait(false);
            for (var chunk = 0; chunk < write.Chunks; chunk++)
            {
                await DeleteStagedAsync(DocumentKeys.ChunkId(resourceType, id, write.Version, chunk), write.PartitionKey, record.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var head = await ReadHeadAsync(resourceType, id, cancellationToken).ConfigureAwait(false);
            if (head?.Lock is null || head.Lock.TransactionId != record.Id)
            {
                return;
            }

            WriteResult result;
            if (head.Committed.Version == 0)
            {
                // The batch created the head for a new resource: without it the resource never existed.
                result = await Resources.DeleteAsync(head.Id, head.PartitionKey, head.ETag, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                head.Lock = null;
                result = await Resources.ReplaceAsync(head, head.ETag, cancellationToken).ConfigureAwait(false);
            }

            if (result.Status != WriteStatus.PreconditionFailed)
            {
                return;
            }
        }

        throw new TimeoutException($"Could not release {resourceType}/{id} for batch {record.Id} after {MaxAttempts} attempts.");
    }

    /// <summary>Deletes a staged document if (and only if) transaction <paramref name="transactionId"/> wrote it and it is not published.</summary>
    private async Task DeleteStagedAsync(string id, string partitionKey, string transactionId, CancellationToken cancellationToken)
    {
        var container = partitionKey == DocumentKeys.OutboxPartition ? System : Resources;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await container.ReadAsync<StagedDocument>(id, partitionKey, cancellationToken).ConfigureAwait(false);
            if (existing is null || existing.TransactionId != transactionId || (existing.State is { } state && state != OutboxStates.Staged))
            {
                return;
            }

            var result = await container.DeleteAsync(id, partitionKey, existing.ETag, cancellationToken).ConfigureAwait(false);
            if (result.Status != WriteStatus.PreconditionFailed)
            {
                return;
            }
        }

        throw new TimeoutException($"Could not delete staged document {id} after {MaxAttempts} attempts.");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    public Task<HeadDocument?> ReadHeadAsync(string resourceType, string id, CancellationToken cancellationToken) =>
        Resources.ReadAsync<HeadDocument>(DocumentKeys.HeadId(resourceType, id), DocumentKeys.HomePartition(resourceType, id), cancellationToken);

    public Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> body, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = database.Options.MaxParallelRequests, CancellationToken = cancellationToken },
            async (item, token) => await body(item, token).ConfigureAwait(false));

    private static IEnumerable<long> LongRange(long first, long last)
    {
        for (var value = first; value <= last; value++)
        {
            yield return value;
        }
    }

    private static IEnumerable<(string Type, string Id)> ResourcesOf(TransactionDocument record) =>
        record.Writes.Select(w => (w.ResourceType, w.ResourceId)).Distinct();

    private static TransactionDocument Copy(TransactionDocument record, string state) => new()
    {
        Id = record.Id,
        PartitionKey = record.PartitionKey,
        Kind = record.Kind,
        State = state,
        Started = record.Started,
        Deadline = record.Deadline,
        Writes = record.Writes,
        OutboxCount = record.OutboxCount,
        ETag = record.ETag,
    };
}
