namespace FhirChainGateway.Storage.Sqlite.Ledger;

/// <summary>The ledger database schema, created idempotently when the storage opens.</summary>
internal static class SqliteLogSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS log_entries (
            idx       INTEGER PRIMARY KEY,  -- the leaf index; rowid alias, so range reads are sequential
            event_id  BLOB    NOT NULL,     -- 16-byte idempotency key in RFC 9562 (big-endian) byte order, so that
                                            -- time-ordered UUIDv7 ids grow the unique index at its right edge
            kind      TEXT    NOT NULL,
            data      BLOB    NOT NULL,
            leaf_hash BLOB    NOT NULL,
            leaf_key  INTEGER NOT NULL      -- first 8 bytes of leaf_hash, copied to log_leaf_segments on integration
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_log_entries_event_id ON log_entries (event_id);

        -- Lookup by leaf hash. Hash keys land at random places in a b-tree, so each insert dirties its own
        -- page once the tree outgrows a commit's batch: one 4 KiB page per leaf in the WAL, growing with the
        -- log. Two things bound that cost. The index is filled at integration (large, sorted batches), off the
        -- path a bus message waits on, like tessera's asynchronous antispam follower. And it is partitioned by
        -- leaf index into segments of 65,536 leaves (segment = idx >> 16), so a commit only ever dirties the
        -- pages of the newest segment (about 360); a lookup probes each segment once (153 at 10M leaves).
        CREATE TABLE IF NOT EXISTS log_leaf_segments (
            segment  INTEGER NOT NULL,
            leaf_key INTEGER NOT NULL,
            idx      INTEGER NOT NULL,
            PRIMARY KEY (segment, leaf_key, idx)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS log_tiles (
            level      INTEGER NOT NULL,
            tile_index INTEGER NOT NULL,
            hashes     BLOB    NOT NULL,    -- tlog-tiles bottom row: up to 256 concatenated hashes
            PRIMARY KEY (level, tile_index)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS log_tree_state (
            id            INTEGER PRIMARY KEY CHECK (id = 1),
            size          INTEGER NOT NULL,
            root_hash     BLOB    NOT NULL,
            border_hashes BLOB    NOT NULL
        );

        -- Latest entry of each chain (a patient's consent chain, keyed by pseudonym). Written in the same
        -- transaction as the entry it names, so a crash can never leave a head that skips or invents a link.
        CREATE TABLE IF NOT EXISTS log_chain_heads (
            chain_key TEXT    PRIMARY KEY,
            idx       INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- Published signing-key history: every key that signed checkpoints, with its service window.
        CREATE TABLE IF NOT EXISTS log_keys (
            key_name       TEXT    NOT NULL,
            key_id         INTEGER NOT NULL,
            public_key_pem TEXT    NOT NULL,
            valid_from_utc INTEGER NOT NULL,  -- UTC ticks
            valid_to_utc   INTEGER            -- UTC ticks; null while the key signs
        );

        CREATE TABLE IF NOT EXISTS log_checkpoints (
            tree_size     INTEGER PRIMARY KEY,
            root_hash     BLOB    NOT NULL,
            signed_note   TEXT    NOT NULL,
            published_utc INTEGER NOT NULL  -- UTC ticks
        );
        """;

    /// <summary>
    /// Moves a leaf-hash index of the first schema (one table keyed by hash, <c>log_leaf_index</c>) into the
    /// segmented one; a no-op on databases created since.
    /// </summary>
    public const string MigrateLeafIndex = """
        INSERT OR IGNORE INTO log_leaf_segments (segment, leaf_key, idx)
        SELECT idx >> 16, leaf_key, idx FROM log_leaf_index ORDER BY 1, 2;
        DROP TABLE log_leaf_index;
        """;
}
