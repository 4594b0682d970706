namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// Deletes the content and commitment salts of every version of one resource inside the caller's
/// transaction. Rows stay, marked erased, so version numbering, history and Provenance references remain.
/// </summary>
internal sealed class SqliteErasure(SqliteWriteScope scope)
{
    private const string SelectSql =
        "SELECT resource_key FROM resources WHERE resource_type = @type AND id = @id AND erased_at IS NULL";

    private const string VersionsSql = "SELECT version_id FROM resource_history WHERE resource_key = @key ORDER BY version_id";

    private const string EraseHistorySql =
        "UPDATE resource_history SET json = x'', salt = NULL, erased_at = @at WHERE resource_key = @key";

    // The current row becomes a deletion so reads answer 410 and searches skip it.
    private const string EraseCurrentSql =
        "UPDATE resources SET json = x'', salt = NULL, erased_at = @at, is_deleted = 1 WHERE resource_key = @key";

    private const string DeleteTokensSql = "DELETE FROM search_token WHERE resource_key = @key";

    private const string DeleteValuesSql = "DELETE FROM search_value WHERE resource_key = @key";

    public IReadOnlyList<long> Erase(string resourceType, string id, long erasedAtTicks)
    {
        var tx = scope.Transaction;
        var key = scope.Statement(SelectSql, "@type", "@id").Bind(tx, resourceType, id).ExecuteScalar();
        if (key is not long resourceKey)
        {
            return [];
        }

        var versions = new List<long>();
        using (var reader = scope.Statement(VersionsSql, "@key").Bind(tx, resourceKey).ExecuteReader())
        {
            while (reader.Read())
            {
                versions.Add(reader.GetInt64(0));
            }
        }

        scope.Statement(EraseHistorySql, "@at", "@key").Bind(tx, erasedAtTicks, resourceKey).ExecuteNonQuery();
        scope.Statement(EraseCurrentSql, "@at", "@key").Bind(tx, erasedAtTicks, resourceKey).ExecuteNonQuery();
        scope.Statement(DeleteTokensSql, "@key").Bind(tx, resourceKey).ExecuteNonQuery();
        scope.Statement(DeleteValuesSql, "@key").Bind(tx, resourceKey).ExecuteNonQuery();
        return versions;
    }
}
