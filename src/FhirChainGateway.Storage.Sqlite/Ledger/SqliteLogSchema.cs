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
            leaf_key  INTEGER NOT NULL      -- first 8 bytes of leaf_hash, copied to log_leaf_index on integration
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ux_log_entries_event_id ON log_entries (event_id);

        -- Lookup by leaf hash. Hash keys land at random places in a b-tree, which costs page writes on
        -- every commit; filling this at integration (large, sorted batches) instead of at sequencing keeps
        -- that cost off the path a bus message waits on, like tessera's asynchronous antispam follower.
        CREATE TABLE IF NOT EXISTS log_leaf_index (
            leaf_key INTEGER NOT NULL,
            idx      INTEGER NOT NULL,
            PRIMARY KEY (leaf_key, idx)
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
}
