using Microsoft.Data.Sqlite;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// Reads every stored version straight from a resource database file, read-only, for the offline audit
/// (<c>fhirchain audit</c>): it must see exactly what is on disk, bypassing the store's own logic.
/// </summary>
public static class SqliteVersionReader
{
    private const string Sql =
        "SELECT r.resource_type, r.id, h.version_id, h.last_updated, h.is_deleted, h.json, h.salt, h.erased_at, r.compartment "
        + "FROM resource_history AS h JOIN resources AS r ON r.resource_key = h.resource_key "
        + "ORDER BY r.resource_key, h.version_id";

    public static async IAsyncEnumerable<StoredVersionRow> ReadAllAsync(string databasePath, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredVersionRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt64(2),
                SqliteValues.FromTicks(reader.GetInt64(3)),
                reader.GetInt64(4) != 0,
                reader.IsDBNull(5) ? [] : reader.GetFieldValue<byte[]>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6),
                !reader.IsDBNull(7),
                reader.IsDBNull(8) ? null : reader.GetString(8));
        }
    }
}

/// <summary>One version row as stored on disk.</summary>
public sealed record StoredVersionRow(
    string ResourceType,
    string Id,
    long VersionId,
    DateTimeOffset LastUpdated,
    bool IsDeleted,
    byte[] Json,
    byte[]? Salt,
    bool IsErased,
    string? Compartment)
{
    public string VersionedReference => $"{ResourceType}/{Id}/_history/{VersionId}";
}
