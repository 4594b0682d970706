using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Resources;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace FhirChainGateway.Storage.Cosmos.Transactions;

/// <summary>
/// Commits one <see cref="WriteBatch"/> atomically across any number of partitions without
/// TransactionalBatch or stored procedures (README.md, "Commit protocol"):
/// <list type="number">
/// <item>read the heads and check every expectation (a conflict costs reads only);</item>
/// <item>create the pending transaction record listing every write;</item>
/// <item>lock each head (If-Match replace, or create for a new resource) with the state it will have;</item>
/// <item>allocate outbox sequences, stage version, chunk and outbox documents;</item>
/// <item>commit point: replace the record pending → committed with If-Match;</item>
/// <item>roll forward: current documents, heads, outbox messages; delete the record.</item>
/// </list>
/// Any failure before the commit point aborts the record and rolls back; after it the batch is
/// committed whatever happens to this process, and the rest is finished by whoever gets there first.
/// </summary>
internal sealed partial class BatchCommitter(CosmosStoreDatabase database, TransactionResolver resolver, ILogger logger)
{
    private CosmosStoreOptions Options => database.Options;

    /// <summary>
    /// Test seam: awaited at each <see cref="CommitStage"/>; a task that never completes simulates a
    /// gateway that stopped there (crash tests of recovery). Null in production.
    /// </summary>
    internal Func<CommitStage, Task>? StageReached { get; set; }

    public Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken) =>
        CommitAsync(batch, erasure: null, cancellationToken);

    /// <summary>
    /// Erases every version of a resource and commits <paramref name="record"/> in the same transaction.
    /// Returns the versions erased; empty, with nothing committed, when there is nothing to erase.
    /// </summary>
    public async Task<IReadOnlyList<long>> EraseAsync(
        string resourceType, string id, DateTimeOffset erasedAt, WriteBatch record, CancellationToken cancellationToken)
    {
        var through = await CommitAsync(record, new ResourcePlan(resourceType, id, [], erasedAt), cancellationToken).ConfigureAwait(false);
        return [.. Enumerable.Range(1, (int)through).Select(v => (long)v)];
    }

    /// <returns>For an erasure, the last version erased (0: nothing to erase, nothing committed).</returns>
    private async Task<long> CommitAsync(WriteBatch batch, ResourcePlan? erasure, CancellationToken cancellationToken)
    {
        var transactionId = DocumentKeys.TransactionId(Guid.NewGuid());
        var plan = BatchPlan.Create(batch, transactionId, Options, erasure);
        if (plan.IsEmpty)
        {
            return 0;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await database.InitializeAsync(cancellationToken).ConfigureAwait(false);

        var heads = new HeadDocument?[plan.Resources.Count];
        await resolver.ForEachAsync(Enumerable.Range(0, heads.Length), async (i, token) =>
        {
            heads[i] = await ReadFreeHeadAsync(plan, plan.Resources[i], token).ConfigureAwait(false);
            plan.Resources[i].CheckExpectations(heads[i]?.Committed);
        }, cancellationToken).ConfigureAwait(false);

        // Unknown or already erased: an erasure then commits nothing, its record included.
        if (erasure is not null && heads[plan.Resources.IndexOf(erasure)] is not { Committed: { Version: > 0, IsErased: false } })
        {
            return 0;
        }

        var record = plan.CreateRecord(database.TimeProvider.GetUtcNow(), Options.TransactionLease);
        var created = await database.System.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            // A fresh id can only exist if our own create landed and its response was lost.
            created = new WriteResult(WriteStatus.Done, (await resolver.ReadRecordAsync(record.Id, cancellationToken).ConfigureAwait(false))?.ETag);
        }

        record.ETag = created.ETag;
        var outbox = new OutboxDocument[plan.Outbox.Count];
        try
        {
            await resolver.ForEachAsync(Enumerable.Range(0, heads.Length), async (i, token) =>
                heads[i] = await LockAsync(plan, plan.Resources[i], heads[i], token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await ReachedAsync(CommitStage.Locked).ConfigureAwait(false);

            if (outbox.Length > 0)
            {
                var first = await AllocateSequencesAsync(outbox.Length, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < outbox.Length; i++)
                {
                    outbox[i] = plan.OutboxDocument(i, first + i);
                }
            }

            await StageAsync(plan, outbox, cancellationToken).ConfigureAwait(false);
            await ReachedAsync(CommitStage.Staged).ConfigureAwait(false);

            // The last moment a cancelled caller still gets "nothing was written".
            cancellationToken.ThrowIfCancellationRequested();
            await CommitPointAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            var committed = await AbortOwnAsync(record, failure).ConfigureAwait(false);
            if (committed is null)
            {
                throw;
            }

            record = committed;
        }

        await ReachedAsync(CommitStage.Committed).ConfigureAwait(false);

        // Committed: finish regardless of the caller's cancellation, the batch is durable now.
        await resolver.RollForwardAsync(record, new CommittedBatch(plan, heads!, outbox), CancellationToken.None).ConfigureAwait(false);
        return erasure is null ? 0 : heads[plan.Resources.IndexOf(erasure)]?.Lock?.Next.ErasedThrough ?? 0;
    }

    private Task ReachedAsync(CommitStage stage) => StageReached?.Invoke(stage) ?? Task.CompletedTask;

    /// <summary>
    /// The head as it is when no other live batch holds it: committed batches found holding it are
    /// published, aborted or expired ones rolled back; a live batch means a conflict right away (it
    /// will change the version, so the caller's expectation cannot hold afterwards anyway).
    /// </summary>
    private async Task<HeadDocument?> ReadFreeHeadAsync(BatchPlan plan, ResourcePlan resource, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < TransactionResolver.MaxAttempts; attempt++)
        {
            var head = await resolver.ReadHeadAsync(resource.ResourceType, resource.Id, cancellationToken).ConfigureAwait(false);
            if (head?.Lock is null || head.Lock.TransactionId == plan.TransactionId)
            {
                return head;
            }

            var other = await resolver.ReadRecordAsync(head.Lock.TransactionId, cancellationToken).ConfigureAwait(false);
            if (other is { State: TransactionStates.Pending })
            {
                if (!resolver.IsExpired(other))
                {
                    throw resource.LockedConflict(head.Committed);
                }

                LogAbortingExpired(logger, other.Id, resource.ResourceType, resource.Id);
                other = await resolver.TryAbortAsync(other, cancellationToken).ConfigureAwait(false);
            }

            switch (other?.State)
            {
                case TransactionStates.Committed:
                    await resolver.RollForwardResourceAsync(other, resource.ResourceType, resource.Id, null, null, cancellationToken).ConfigureAwait(false);
                    break;
                case TransactionStates.Aborted:
                    await resolver.RollBackResourceAsync(other, resource.ResourceType, resource.Id, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    // Finished between our two reads (or about to be): read the head again shortly.
                    await Task.Delay(TimeSpan.FromMilliseconds(5 * (attempt + 1)), database.TimeProvider, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        throw resource.LockedConflict(null);
    }

    /// <summary>
    /// Claims the head for this batch, re-checking expectations whenever another writer got there
    /// first. Returns the head as written (with its ETag), which saves publication a read.
    /// </summary>
    private async Task<HeadDocument> LockAsync(BatchPlan plan, ResourcePlan resource, HeadDocument? head, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < TransactionResolver.MaxAttempts; attempt++)
        {
            var claim = new HeadLock { TransactionId = plan.TransactionId, Next = resource.NextState(head?.Committed) };
            WriteResult result;
            if (head is null)
            {
                head = new HeadDocument
                {
                    Id = resource.HeadId,
                    PartitionKey = resource.HomePartition,
                    Kind = DocumentKeys.HeadKind,
                    ResourceType = resource.ResourceType,
                    ResourceId = resource.Id,
                    Committed = new ResourceState(),
                    Lock = claim,
                };
                result = await database.Resources.CreateAsync(head, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                head.Lock = claim;
                result = await database.Resources.ReplaceAsync(head, head.ETag, cancellationToken).ConfigureAwait(false);
            }

            if (result.Succeeded)
            {
                head.ETag = result.ETag;
                return head;
            }

            head = await ReadFreeHeadAsync(plan, resource, cancellationToken).ConfigureAwait(false);
            if (head?.Lock?.TransactionId == plan.TransactionId)
            {
                // Our own write landed although its response did not.
                return head;
            }

            resource.CheckExpectations(head?.Committed);
        }

        throw resource.LockedConflict(head?.Committed);
    }

    /// <summary>A block of outbox sequences from the counter's atomic increment; a gap is left if the batch aborts.</summary>
    private async Task<long> AllocateSequencesAsync(int count, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var counter = await database.System.PatchAsync<CounterDocument>(
                DocumentKeys.OutboxCounterId, DocumentKeys.OutboxPartition, [PatchOperation.Increment("/value", count)], cancellationToken).ConfigureAwait(false);
            if (counter is not null)
            {
                return counter.Value - count + 1;
            }

            // First message ever: create the counter (a concurrent creator wins harmlessly) and increment again.
            await database.System.CreateAsync(
                new CounterDocument { Id = DocumentKeys.OutboxCounterId, PartitionKey = DocumentKeys.OutboxPartition, Kind = DocumentKeys.CounterKind },
                cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException("The outbox sequence counter could not be created.");
    }

    private async Task StageAsync(BatchPlan plan, OutboxDocument[] outbox, CancellationToken cancellationToken)
    {
        var staged = new List<(ResourcePlan? Resource, CosmosDocument Document)>();
        foreach (var resource in plan.Resources)
        {
            foreach (var version in resource.Versions)
            {
                staged.Add((resource, version.Document));
                staged.AddRange(version.Chunks.Select(chunk => ((ResourcePlan?)resource, (CosmosDocument)chunk)));
            }
        }

        staged.AddRange(outbox.Select(document => ((ResourcePlan?)null, (CosmosDocument)document)));
        await resolver.ForEachAsync(staged, (item, token) => StageAsync(plan, item.Resource, item.Document, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates one staged document. A document already at that id is ours (a retried create), or an
    /// orphan of an aborted batch, removed only while we still hold the resource's lock; anything else
    /// means this batch lost its lock (its lease expired and another writer took over).
    /// </summary>
    private async Task StageAsync(BatchPlan plan, ResourcePlan? resource, CosmosDocument document, CancellationToken cancellationToken)
    {
        var container = resource is null ? database.System : database.Resources;
        for (var attempt = 0; attempt < TransactionResolver.MaxAttempts; attempt++)
        {
            var result = document switch
            {
                VersionDocument version => await container.CreateAsync(version, cancellationToken).ConfigureAwait(false),
                ChunkDocument chunk => await container.CreateAsync(chunk, cancellationToken).ConfigureAwait(false),
                OutboxDocument message => await container.CreateAsync(message, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"Unexpected staged document {document.GetType().Name}.", nameof(document)),
            };
            if (result.Succeeded)
            {
                document.ETag = result.ETag;
                return;
            }

            var existing = await container.ReadAsync<StagedDocument>(document.Id, document.PartitionKey, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue;
            }

            if (existing.TransactionId == plan.TransactionId)
            {
                document.ETag = existing.ETag;
                return;
            }

            var owner = await resolver.ReadRecordAsync(existing.TransactionId, cancellationToken).ConfigureAwait(false);
            var head = resource is null ? null : await resolver.ReadHeadAsync(resource.ResourceType, resource.Id, cancellationToken).ConfigureAwait(false);
            if (owner?.State is TransactionStates.Pending or TransactionStates.Committed || head?.Lock?.TransactionId != plan.TransactionId)
            {
                throw LostLock(plan, document.Id);
            }

            await container.DeleteAsync(existing.Id, existing.PartitionKey, existing.ETag, cancellationToken).ConfigureAwait(false);
        }

        throw LostLock(plan, document.Id);
    }

    /// <summary>The commit point. A lost response is resolved by reading the record back.</summary>
    private async Task CommitPointAsync(TransactionDocument record, CancellationToken cancellationToken)
    {
        var etag = record.ETag;
        record.State = TransactionStates.Committed;
        var result = await database.System.ReplaceAsync(record, etag, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            record.ETag = result.ETag;
            return;
        }

        record.State = TransactionStates.Pending;
        var current = await resolver.ReadRecordAsync(record.Id, CancellationToken.None).ConfigureAwait(false);
        if (current?.State == TransactionStates.Committed)
        {
            record.State = TransactionStates.Committed;
            record.ETag = current.ETag;
            return;
        }

        throw new TimeoutException(
            $"Batch {record.Id} was aborted by another writer because it did not commit within {nameof(CosmosStoreOptions.TransactionLease)} ({Options.TransactionLease}); nothing of it was written.");
    }

    /// <summary>
    /// Aborts this batch after a failure before (or during) the commit point and rolls it back. Returns
    /// the record if it turns out to have committed (a commit whose response was lost), else null.
    /// Failures here are logged, not thrown: the caller's original exception matters, and an abandoned
    /// pending batch is rolled back by the next writer or recovery once its lease expires.
    /// </summary>
    private async Task<TransactionDocument?> AbortOwnAsync(TransactionDocument record, Exception failure)
    {
        try
        {
            var pending = record;
            pending.State = TransactionStates.Pending;
            var current = await resolver.TryAbortAsync(pending, CancellationToken.None).ConfigureAwait(false);
            if (current?.State == TransactionStates.Committed)
            {
                return current;
            }

            if (current is not null)
            {
                await resolver.RollBackAsync(current, CancellationToken.None).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Rollback is best effort; the lease guarantees cleanup later.
        catch (Exception rollbackFailure)
#pragma warning restore CA1031
        {
            LogRollbackFailed(logger, rollbackFailure, record.Id, failure.GetType().Name);
        }

        return null;
    }

    private static TimeoutException LostLock(BatchPlan plan, string documentId) => new(
        $"Batch {plan.TransactionId} lost its lock while staging {documentId} (its lease expired and another writer took over); nothing of it was written.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Aborting batch {TransactionId}, whose lease expired while it held {ResourceType}/{ResourceId}.")]
    private static partial void LogAbortingExpired(ILogger logger, string transactionId, string resourceType, string resourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rolling back batch {TransactionId} after {Failure} failed; recovery will finish it once its lease expires.")]
    private static partial void LogRollbackFailed(ILogger logger, Exception exception, string transactionId, string failure);
}
