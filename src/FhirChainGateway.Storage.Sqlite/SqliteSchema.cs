using Microsoft.Data.Sqlite;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// The database schema as an ordered list of migrations; <c>PRAGMA user_version</c> records how many
/// have been applied, so opening an older file upgrades it and opening a newer one is refused.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Append new steps at the end; never edit a step that has shipped.</summary>
    private static readonly string[] Migrations =
    [
        // 1: resources, history, search index, outbox.
        """
        -- Current version of every resource ever written. resource_key is the stable, compact key the
        -- other tables and search paging use; (resource_type, id) is the FHIR identity.
        CREATE TABLE resources (
            resource_key  INTEGER PRIMARY KEY,
            resource_type TEXT    NOT NULL,
            id            TEXT    NOT NULL,
            version_id    INTEGER NOT NULL,
            last_updated  INTEGER NOT NULL, -- UTC ticks (100 ns since 0001-01-01)
            is_deleted    INTEGER NOT NULL,
            json          BLOB    NOT NULL, -- empty for a deletion marker
            compartment   TEXT    NULL      -- e.g. 'Patient/123'
        );
        CREATE UNIQUE INDEX ux_resources_identity ON resources (resource_type, id);
        -- Index entries end with the rowid, so these also serve keyset paging by resource_key.
        CREATE INDEX ix_resources_type ON resources (resource_type);
        CREATE INDEX ix_resources_compartment ON resources (compartment) WHERE compartment IS NOT NULL;

        -- Every version including deletion markers. A rowid table rather than WITHOUT ROWID because
        -- rows carry whole resource bodies.
        CREATE TABLE resource_history (
            resource_key INTEGER NOT NULL,
            version_id   INTEGER NOT NULL,
            last_updated INTEGER NOT NULL,
            is_deleted   INTEGER NOT NULL,
            json         BLOB    NOT NULL
        );
        CREATE UNIQUE INDEX ux_resource_history ON resource_history (resource_key, version_id);

        -- Token search values; system is '' when the value has none, so "no system" is an equality test.
        CREATE TABLE search_token (
            resource_key INTEGER NOT NULL,
            param        TEXT    NOT NULL,
            system       TEXT    NOT NULL,
            value        TEXT    NOT NULL
        );
        CREATE INDEX ix_search_token_lookup ON search_token (param, value, system, resource_key);
        CREATE INDEX ix_search_token_resource ON search_token (resource_key);

        -- Every other kind (normalised string, reference 'Type/id', uri, ...), exact or prefix match.
        CREATE TABLE search_value (
            resource_key INTEGER NOT NULL,
            param        TEXT    NOT NULL,
            kind         INTEGER NOT NULL, -- SearchParamKind
            value        TEXT    NOT NULL
        );
        CREATE INDEX ix_search_value_lookup ON search_value (param, kind, value, resource_key);
        CREATE INDEX ix_search_value_resource ON search_value (resource_key);

        -- AUTOINCREMENT so a sequence is never reused even after the newest rows are purged: the relay
        -- and the ledger rely on commit order.
        CREATE TABLE outbox (
            sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id   TEXT    NOT NULL UNIQUE,
            message_type TEXT    NOT NULL,
            ordering_key TEXT    NOT NULL,
            payload      BLOB    NOT NULL,
            created_at   INTEGER NOT NULL, -- UTC ticks
            sent_at      INTEGER NULL,     -- UTC ticks, null while pending
            attempts     INTEGER NOT NULL DEFAULT 0,
            last_error   TEXT    NULL
        );
        CREATE INDEX ix_outbox_pending ON outbox (sequence) WHERE sent_at IS NULL;
        """,

        // 2: the salt of each version's ledger commitment, and erasure markers (content and salt deleted).
        """
        ALTER TABLE resources ADD COLUMN salt BLOB NULL;
        ALTER TABLE resources ADD COLUMN erased_at INTEGER NULL; -- UTC ticks
        ALTER TABLE resource_history ADD COLUMN salt BLOB NULL;
        ALTER TABLE resource_history ADD COLUMN erased_at INTEGER NULL; -- UTC ticks
        """,
    ];

    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; the caller holds the only writer.</summary>
    public static void Migrate(SqliteConnection connection, string databasePath)
    {
        var version = ReadUserVersion(connection);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database {databasePath} has schema version {version}, newer than the {CurrentVersion} this build knows; upgrade the gateway instead.");
        }

        if (version == CurrentVersion)
        {
            return;
        }

        using var transaction = connection.BeginTransaction(deferred: false);

        // Re-read inside the write lock: another process may have migrated meanwhile.
        version = ReadUserVersion(connection);
        for (var step = version; step < CurrentVersion; step++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[step];
            command.ExecuteNonQuery();
        }

        if (version < CurrentVersion)
        {
            using var setVersion = connection.CreateCommand();
            setVersion.Transaction = transaction;

            // PRAGMA takes no parameters; the value is our own integer constant.
            setVersion.CommandText = FormattableString.Invariant($"PRAGMA user_version = {CurrentVersion}");
            setVersion.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public static int ReadUserVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
