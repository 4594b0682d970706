using FhirChainGateway.Storage.Outbox;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// <see cref="IOutboxStore"/> over the outbox table that <see cref="SqliteResourceStore.CommitAsync"/>
/// fills. Sequences come from an AUTOINCREMENT key assigned under the single writer, so ascending
/// sequence is commit order. Sent messages are kept (with their send time) rather than deleted.
/// </summary>
public sealed class SqliteOutboxStore(SqliteDatabase database, TimeProvider timeProvider) : IOutboxStore
{
    /// <summary>Long enough for a stack-free exception message; bounded so a failing relay cannot bloat the file.</summary>
    private const int MaxErrorLength = 2000;

    private const string ReadPendingSql =
        "SELECT sequence, message_id, message_type, ordering_key, payload, created_at, attempts "
        + "FROM outbox WHERE sent_at IS NULL ORDER BY sequence LIMIT @max";

    private const string CountPendingSql = "SELECT count(*) FROM outbox WHERE sent_at IS NULL";

    private const string MarkSentSql = "UPDATE outbox SET sent_at = @sentAt WHERE sequence = @sequence AND sent_at IS NULL";

    private const string RecordFailureSql =
        "UPDATE outbox SET attempts = attempts + 1, last_error = @error WHERE sequence = @sequence";

    private readonly SqliteDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    public async Task<IReadOnlyList<PendingOutboxMessage>> ReadPendingAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var connection = await _database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = ReadPendingSql;
            command.Parameters.AddWithValue("@max", max);

            var messages = new List<PendingOutboxMessage>(Math.Min(max, 256));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var message = new OutboxMessage(
                        Guid.ParseExact(reader.GetString(1), "D"),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.IsDBNull(4) ? ReadOnlyMemory<byte>.Empty : reader.GetFieldValue<byte[]>(4),
                        SqliteValues.FromTicks(reader.GetInt64(5)));
                    messages.Add(new PendingOutboxMessage(reader.GetInt64(0), message, reader.GetInt32(6)));
                }
            }

            return messages;
        }
    }

    public Task MarkSentAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0)
        {
            return Task.CompletedTask;
        }

        var sentAt = SqliteValues.ToTicks(_timeProvider.GetUtcNow());
        return _database.WriteAsync(
            scope =>
            {
                var markSent = scope.Statement(MarkSentSql, "@sentAt", "@sequence");
                foreach (var sequence in sequences)
                {
                    markSent.Bind(scope.Transaction, sentAt, sequence).ExecuteNonQuery();
                }

                return true;
            },
            cancellationToken);
    }

    public Task RecordFailedAttemptAsync(long sequence, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var error = reason.Length <= MaxErrorLength ? reason : reason[..MaxErrorLength];
        return _database.WriteAsync(
            scope => scope.Statement(RecordFailureSql, "@error", "@sequence")
                .Bind(scope.Transaction, error, sequence)
                .ExecuteNonQuery(),
            cancellationToken);
    }

    public async Task<long> CountPendingAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = CountPendingSql;
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }
}
