using System.Globalization;
using System.Text;
using FhirChainGateway.Storage.Cosmos.Documents;
using FhirChainGateway.Storage.Outbox;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// <see cref="IOutboxStore"/> over the outbox documents that <see cref="CosmosResourceStore.CommitAsync"/>
/// stages and publishes with each batch. All messages share the <c>outbox</c> partition, so pending
/// messages come back in sequence order from one single-partition query. Sequences are allocated when
/// a batch holds all its locks, so batches that write the same resource get their sequences in commit
/// order; unrelated batches committing at the same moment may interleave (README.md, "Outbox").
/// </summary>
public sealed class CosmosOutboxStore(CosmosStoreDatabase database, TimeProvider timeProvider) : IOutboxStore
{
    /// <summary>Long enough for a stack-free exception message; bounded so a failing relay cannot bloat documents.</summary>
    private const int MaxErrorLength = 2000;

    private readonly CosmosStoreDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    public async Task<IReadOnlyList<PendingOutboxMessage>> ReadPendingAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.pk = @pk AND c.kind = @kind AND c.state = @state ORDER BY c.kind, c.state, c.seq")
            .WithParameter("@pk", DocumentKeys.OutboxPartition)
            .WithParameter("@kind", DocumentKeys.OutboxKind)
            .WithParameter("@state", OutboxStates.Pending);

        var messages = new List<PendingOutboxMessage>(Math.Min(max, 256));
        await using var reader = _database.System.Query(query, DocumentKeys.OutboxPartition, max);
        while (messages.Count < max && await reader.ReadPageAsync(cancellationToken).ConfigureAwait(false) is { } page)
        {
            foreach (var item in page.Take(max - messages.Count))
            {
                var document = CosmosJson.Deserialize<OutboxDocument>(item);
                var message = new OutboxMessage(
                    document.MessageId, document.MessageType, document.OrderingKey, document.Payload, CosmosTime.Parse(document.CreatedAt));
                messages.Add(new PendingOutboxMessage(document.Sequence, message, document.Attempts));
            }
        }

        return messages;
    }

    public async Task MarkSentAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return;
        }

        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var sentAt = CosmosTime.Format(_timeProvider.GetUtcNow());
        var ttl = (int)Math.Min(int.MaxValue, _database.Options.SentMessageRetention.TotalSeconds);

        // Only pending messages: marking again after a relay crash between publish and mark is a no-op.
        var ids = await FindAsync(sequences, OutboxStates.Pending, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(
            ids,
            new ParallelOptions { MaxDegreeOfParallelism = _database.Options.MaxParallelRequests, CancellationToken = cancellationToken },
            async (id, token) => await _database.System.PatchAsync<OutboxDocument>(
                id,
                DocumentKeys.OutboxPartition,
                [PatchOperation.Set("/state", OutboxStates.Sent), PatchOperation.Set("/sent", sentAt), PatchOperation.Set("/ttl", ttl)],
                token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public async Task RecordFailedAttemptAsync(long sequence, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var error = reason.Length <= MaxErrorLength ? reason : reason[..MaxErrorLength];
        foreach (var id in await FindAsync([sequence], state: null, cancellationToken).ConfigureAwait(false))
        {
            // Increment is atomic on the server: concurrent relays cannot lose a count.
            await _database.System.PatchAsync<OutboxDocument>(
                id, DocumentKeys.OutboxPartition, [PatchOperation.Increment("/attempts", 1), PatchOperation.Set("/err", error)], cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        await _database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var result = await _database.System.QueryAllAsync(
            new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.pk = @pk AND c.kind = @kind AND c.state = @state")
                .WithParameter("@pk", DocumentKeys.OutboxPartition)
                .WithParameter("@kind", DocumentKeys.OutboxKind)
                .WithParameter("@state", OutboxStates.Pending),
            DocumentKeys.OutboxPartition,
            cancellationToken).ConfigureAwait(false);
        return result.Sum(item => item.GetInt64());
    }

    /// <summary>Ids of the messages with these sequences (in the given state; null: published in any state).</summary>
    private async Task<List<string>> FindAsync(IReadOnlyList<long> sequences, string? state, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT VALUE c.id FROM c WHERE c.pk = @pk AND c.kind = @kind AND c.seq IN (");
        var parameters = new List<(string Name, object Value)> { ("@pk", DocumentKeys.OutboxPartition), ("@kind", DocumentKeys.OutboxKind) };
        for (var i = 0; i < sequences.Count; i++)
        {
            var name = "@s" + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? string.Empty : ", ").Append(name);
            parameters.Add((name, sequences[i]));
        }

        sql.Append(')');
        if (state is null)
        {
            // Staged messages belong to batches that have not committed; the relay cannot know them.
            sql.Append(" AND c.state != @staged");
            parameters.Add(("@staged", OutboxStates.Staged));
        }
        else
        {
            sql.Append(" AND c.state = @state");
            parameters.Add(("@state", state));
        }

        var query = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters)
        {
            query.WithParameter(name, value);
        }

        var items = await _database.System.QueryAllAsync(query, DocumentKeys.OutboxPartition, cancellationToken).ConfigureAwait(false);
        return [.. items.Select(item => item.GetString()!)];
    }
}
