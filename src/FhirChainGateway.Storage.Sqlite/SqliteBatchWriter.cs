using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;
using FhirChainGateway.Storage.Search;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// Writes one <see cref="WriteBatch"/> inside the caller's transaction. Expectations are checked
/// against the state the transaction sees, which includes earlier writes of the same batch; the
/// transaction holds SQLite's write lock from its first statement, so no other writer can slip in
/// between a check and the write it guards.
/// </summary>
internal sealed class SqliteBatchWriter
{
    private const string SelectCurrentSql =
        "SELECT resource_key, version_id, is_deleted FROM resources WHERE resource_type = @type AND id = @id";

    private const string InsertResourceSql =
        "INSERT INTO resources (resource_type, id, version_id, last_updated, is_deleted, json, compartment, salt) "
        + "VALUES (@type, @id, @version, @updated, @deleted, @json, @compartment, @salt) RETURNING resource_key";

    private const string UpdateResourceSql =
        "UPDATE resources SET version_id = @version, last_updated = @updated, is_deleted = @deleted, json = @json, "
        + "compartment = @compartment, salt = @salt, erased_at = NULL WHERE resource_key = @key";

    private const string InsertHistorySql =
        "INSERT INTO resource_history (resource_key, version_id, last_updated, is_deleted, json, salt) "
        + "VALUES (@key, @version, @updated, @deleted, @json, @salt)";

    private const string DeleteTokensSql = "DELETE FROM search_token WHERE resource_key = @key";

    private const string DeleteValuesSql = "DELETE FROM search_value WHERE resource_key = @key";

    private const string InsertTokenSql =
        "INSERT INTO search_token (resource_key, param, system, value) VALUES (@key, @param, @system, @value)";

    private const string InsertValueSql =
        "INSERT INTO search_value (resource_key, param, kind, value) VALUES (@key, @param, @kind, @value)";

    private const string InsertOutboxSql =
        "INSERT INTO outbox (message_id, message_type, ordering_key, payload, created_at) "
        + "VALUES (@messageId, @type, @orderingKey, @payload, @createdAt)";

    private readonly SqliteWriteScope _scope;
    private readonly PreparedStatement _selectCurrent;
    private readonly PreparedStatement _insertResource;
    private readonly PreparedStatement _updateResource;
    private readonly PreparedStatement _insertHistory;
    private readonly PreparedStatement _deleteTokens;
    private readonly PreparedStatement _deleteValues;
    private readonly PreparedStatement _insertToken;
    private readonly PreparedStatement _insertValue;
    private readonly PreparedStatement _insertOutbox;

    public SqliteBatchWriter(SqliteWriteScope scope)
    {
        _scope = scope;
        _selectCurrent = scope.Statement(SelectCurrentSql, "@type", "@id");
        _insertResource = scope.Statement(InsertResourceSql, "@type", "@id", "@version", "@updated", "@deleted", "@json", "@compartment", "@salt");
        _updateResource = scope.Statement(UpdateResourceSql, "@version", "@updated", "@deleted", "@json", "@compartment", "@salt", "@key");
        _insertHistory = scope.Statement(InsertHistorySql, "@key", "@version", "@updated", "@deleted", "@json", "@salt");
        _deleteTokens = scope.Statement(DeleteTokensSql, "@key");
        _deleteValues = scope.Statement(DeleteValuesSql, "@key");
        _insertToken = scope.Statement(InsertTokenSql, "@key", "@param", "@system", "@value");
        _insertValue = scope.Statement(InsertValueSql, "@key", "@param", "@kind", "@value");
        _insertOutbox = scope.Statement(InsertOutboxSql, "@messageId", "@type", "@orderingKey", "@payload", "@createdAt");
    }

    public void Write(WriteBatch batch)
    {
        foreach (var write in batch.Resources)
        {
            _scope.CancellationToken.ThrowIfCancellationRequested();
            WriteResource(write);
        }

        foreach (var message in batch.Outbox)
        {
            _insertOutbox.Bind(
                _scope.Transaction,
                message.MessageId.ToString("D"),
                message.MessageType,
                message.OrderingKey,
                SqliteValues.ToArray(message.Payload),
                SqliteValues.ToTicks(message.CreatedAt)).ExecuteNonQuery();
        }
    }

    private void WriteResource(ResourceWrite write)
    {
        var current = ReadCurrent(write.ResourceType, write.Id);
        CheckExpectation(write, current);

        var tx = _scope.Transaction;
        var isDeleted = SqliteValues.ToFlag(write.Kind == WriteKind.Delete);
        var json = SqliteValues.ToArray(write.Json);
        var updated = SqliteValues.ToTicks(write.LastUpdated);
        long key;
        if (current is null)
        {
            key = (long)_insertResource.Bind(tx, write.ResourceType, write.Id, write.VersionId, updated, isDeleted, json, write.CompartmentKey, write.Salt)
                .ExecuteScalar()!;
        }
        else
        {
            key = current.Value.Key;
            _updateResource.Bind(tx, write.VersionId, updated, isDeleted, json, write.CompartmentKey, write.Salt, key).ExecuteNonQuery();
            _deleteTokens.Bind(tx, key).ExecuteNonQuery();
            _deleteValues.Bind(tx, key).ExecuteNonQuery();
        }

        _insertHistory.Bind(tx, key, write.VersionId, updated, isDeleted, json, write.Salt).ExecuteNonQuery();

        foreach (var entry in write.SearchIndex)
        {
            if (entry.Kind == SearchParamKind.Token)
            {
                _insertToken.Bind(tx, key, entry.ParamCode, entry.System ?? string.Empty, entry.Value).ExecuteNonQuery();
            }
            else
            {
                _insertValue.Bind(tx, key, entry.ParamCode, (long)entry.Kind, entry.Value).ExecuteNonQuery();
            }
        }
    }

    private CurrentRow? ReadCurrent(string resourceType, string id)
    {
        using var reader = _selectCurrent.Bind(_scope.Transaction, resourceType, id).ExecuteReader();
        return reader.Read()
            ? new CurrentRow(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2) != 0)
            : null;
    }

    /// <summary>
    /// Besides the caller's expectation, the new version must follow the stored one directly: two
    /// unconditional writers that read the same version would otherwise both write its successor.
    /// </summary>
    private static void CheckExpectation(ResourceWrite write, CurrentRow? current)
    {
        var currentVersion = current?.Version;
        var holds = write.ExpectedCurrentVersion switch
        {
            null => true,
            0 => current is null || current.Value.IsDeleted,
            var expected => currentVersion == expected,
        };
        if (!holds)
        {
            throw new VersionConflictException(write.ResourceType, write.Id, write.ExpectedCurrentVersion, currentVersion);
        }

        if (write.VersionId != (currentVersion ?? 0) + 1)
        {
            throw new VersionConflictException(write.ResourceType, write.Id, write.VersionId - 1, currentVersion);
        }
    }

    private readonly record struct CurrentRow(long Key, long Version, bool IsDeleted);
}
