using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;
using Microsoft.Data.Sqlite;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// <see cref="IResourceStore"/> on one SQLite file: current rows for reads and search, a history row
/// per version, search index tables, and the outbox written in the same transaction. Safe as a
/// singleton; <see cref="SqliteDatabase"/> owns the connections.
/// </summary>
public sealed class SqliteResourceStore(SqliteDatabase database) : IResourceStore, IResourceErasure
{
    private const string ReadCurrentSql =
        "SELECT version_id, last_updated, is_deleted, json, salt, erased_at FROM resources WHERE resource_type = @type AND id = @id";

    private const string ReadVersionSql =
        "SELECT h.version_id, h.last_updated, h.is_deleted, h.json, h.salt, h.erased_at FROM resources AS r "
        + "JOIN resource_history AS h ON h.resource_key = r.resource_key "
        + "WHERE r.resource_type = @type AND r.id = @id AND h.version_id = @version";

    private const string ReadHistorySql =
        "SELECT h.version_id, h.last_updated, h.is_deleted, h.json, h.salt, h.erased_at FROM resources AS r "
        + "JOIN resource_history AS h ON h.resource_key = r.resource_key "
        + "WHERE r.resource_type = @type AND r.id = @id AND h.version_id < @before "
        + "ORDER BY h.version_id DESC LIMIT @limit";

    private readonly SqliteDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    public async Task<ResourceVersion?> ReadCurrentAsync(string resourceType, string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var connection = await _database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = ReadCurrentSql;
            command.Parameters.AddWithValue("@type", resourceType);
            command.Parameters.AddWithValue("@id", id);
            return await ReadSingleVersionAsync(command, resourceType, id, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ResourceVersion?> ReadVersionAsync(string resourceType, string id, long versionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var connection = await _database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = ReadVersionSql;
            command.Parameters.AddWithValue("@type", resourceType);
            command.Parameters.AddWithValue("@id", id);
            command.Parameters.AddWithValue("@version", versionId);
            return await ReadSingleVersionAsync(command, resourceType, id, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<HistoryPage> ReadHistoryAsync(
        string resourceType, string id, int count, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var before = ContinuationToken.Decode(continuationToken) ?? long.MaxValue;

        var connection = await _database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = ReadHistorySql;
            command.Parameters.AddWithValue("@type", resourceType);
            command.Parameters.AddWithValue("@id", id);
            command.Parameters.AddWithValue("@before", before);
            command.Parameters.AddWithValue("@limit", (long)count + 1);

            var versions = new List<ResourceVersion>(Math.Min(count + 1, 256));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    versions.Add(ReadVersionRow(reader, resourceType, id));
                }
            }

            if (versions.Count <= count)
            {
                return new HistoryPage(versions, null);
            }

            versions.RemoveAt(count);
            return new HistoryPage(versions, ContinuationToken.Encode(versions[^1].VersionId));
        }
    }

    public Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var write in batch.Resources)
        {
            ArgumentNullException.ThrowIfNull(write, nameof(batch));
            if (string.IsNullOrEmpty(write.ResourceType) || string.IsNullOrEmpty(write.Id) || write.VersionId < 1)
            {
                throw new ArgumentException($"Write of '{write.ResourceType}/{write.Id}' version {write.VersionId} has no type, id or valid version.", nameof(batch));
            }
        }

        if (batch.Resources.Count == 0 && batch.Outbox.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _database.WriteAsync(
            scope =>
            {
                new SqliteBatchWriter(scope).Write(batch);
                return true;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<long>> EraseAsync(string resourceType, string id, DateTimeOffset erasedAt, WriteBatch record, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceType);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(record);
        return _database.WriteAsync<IReadOnlyList<long>>(
            scope =>
            {
                var erased = new SqliteErasure(scope).Erase(resourceType, id, SqliteValues.ToTicks(erasedAt));
                if (erased.Count > 0)
                {
                    new SqliteBatchWriter(scope).Write(record);
                }

                return erased;
            },
            cancellationToken);
    }

    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var search = SqliteSearchQueryBuilder.Build(query, ContinuationToken.Decode(query.ContinuationToken));

        var connection = await _database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = search.CommandText;
            foreach (var parameter in search.Parameters)
            {
                command.Parameters.Add(parameter);
            }

            var resources = new List<ResourceVersion>(Math.Min(query.Count + 1, 256));
            long lastKeyOnPage = 0;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (resources.Count == query.Count)
                    {
                        // The extra row only proves there is another page.
                        return new SearchPage(resources, ContinuationToken.Encode(lastKeyOnPage));
                    }

                    lastKeyOnPage = reader.GetInt64(0);
                    resources.Add(new ResourceVersion(
                        reader.GetString(1),
                        reader.GetString(2),
                        reader.GetInt64(3),
                        SqliteValues.FromTicks(reader.GetInt64(4)),
                        IsDeleted: false,
                        reader.GetFieldValue<byte[]>(5)));
                }
            }

            return new SearchPage(resources, null);
        }
    }

    private static async Task<ResourceVersion?> ReadSingleVersionAsync(
        SqliteCommand command, string resourceType, string id, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? ReadVersionRow(reader, resourceType, id)
                : null;
        }
    }

    /// <summary>Reads columns version_id, last_updated, is_deleted, json, salt, erased_at.</summary>
    private static ResourceVersion ReadVersionRow(SqliteDataReader reader, string resourceType, string id) => new(
        resourceType,
        id,
        reader.GetInt64(0),
        SqliteValues.FromTicks(reader.GetInt64(1)),
        reader.GetInt64(2) != 0,
        reader.IsDBNull(3) ? ReadOnlyMemory<byte>.Empty : reader.GetFieldValue<byte[]>(3))
    {
        Salt = reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4),
        ErasedAt = reader.IsDBNull(5) ? null : SqliteValues.FromTicks(reader.GetInt64(5)),
    };
}
