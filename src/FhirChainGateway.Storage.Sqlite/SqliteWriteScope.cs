using Microsoft.Data.Sqlite;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// One write transaction on the single writer connection. Only one exists at a time, so the
/// statement cache it hands out needs no locking.
/// </summary>
internal sealed class SqliteWriteScope(
    SqliteTransaction transaction,
    Dictionary<string, PreparedStatement> statements,
    CancellationToken cancellationToken)
{
    public SqliteTransaction Transaction { get; } = transaction;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The cached statement for <paramref name="sql"/>, compiled on first use.</summary>
    public PreparedStatement Statement(string sql, params string[] parameterNames)
    {
        if (!statements.TryGetValue(sql, out var statement))
        {
            statement = new PreparedStatement(Transaction.Connection!, sql, parameterNames);
            statements.Add(sql, statement);
        }

        return statement;
    }
}
