using System.Buffers.Binary;
using System.Globalization;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Tiles;
using Microsoft.Data.Sqlite;

namespace FhirChainGateway.Storage.Sqlite.Ledger;

/// <summary>
/// <see cref="ILogStorage"/> on its own SQLite file. Writes go through one writer connection behind a
/// semaphore, each as a <c>BEGIN IMMEDIATE</c> transaction so another process on the file is serialized
/// too; reads use pooled read-only connections that, thanks to the write-ahead log, never wait for it.
/// </summary>
/// <remarks>
/// Durability: WAL with <c>synchronous = FULL</c>, so the WAL is fsynced at every commit. The ledger
/// writer acknowledges a bus message as soon as <see cref="SequenceAsync"/> returns; with NORMAL a power
/// cut could then lose entries whose messages are already gone from the queue. The cost is one fsync per
/// commit, which is why callers sequence in batches.
/// </remarks>
public sealed class SqliteLogStorage : ILogStorage, IDisposable, IAsyncDisposable
{
    private const int HashSize = Rfc6962Hasher.HashSize;

    private readonly string _readerConnectionString;
    private readonly string _readerPragmas;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _disposed;

    private SqliteLogStorage(SqliteLogStorageOptions options, string fullPath, SqliteConnection writer)
    {
        _writer = writer;
        _readerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadOnly,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        }.ToString();

        // Pragma values cannot be bound as parameters; these are validated integers from the options.
        _readerPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA cache_size = -{options.CacheSizeKiB};");
    }

    /// <summary>Opens (creating if needed) the ledger database and its schema.</summary>
    public static Task<SqliteLogStorage> OpenAsync(SqliteLogStorageOptions options, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite does its I/O synchronously whatever the method name; no point in a second code path.
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Open(options));
    }

    /// <summary>Opens (creating if needed) the ledger database and its schema; convenient in a DI factory.</summary>
    public static SqliteLogStorage Open(SqliteLogStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var fullPath = Path.GetFullPath(options.DatabasePath);
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var writer = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        }.ToString());
        try
        {
            writer.Open();
            using (var pragmas = writer.CreateCommand())
            {
                pragmas.CommandText = string.Create(
                    CultureInfo.InvariantCulture,
                    $"""
                    PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds};
                    PRAGMA journal_mode = WAL;
                    PRAGMA synchronous = FULL;
                    PRAGMA cache_size = -{options.CacheSizeKiB};
                    """);
                pragmas.ExecuteNonQuery();
            }

            using (var schema = writer.CreateCommand())
            {
                schema.CommandText = SqliteLogSchema.Create;
                schema.ExecuteNonQuery();
            }

            MigrateLeafIndex(writer);

            return new SqliteLogStorage(options, fullPath, writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<EntryToSequence> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return [];
        }

        foreach (var entry in entries)
        {
            if (entry.LeafHash.Length != HashSize)
            {
                throw new ArgumentException($"Leaf hashes are {HashSize} bytes.", nameof(entries));
            }
        }

        return await WriteAsync(transaction => Sequence(transaction, entries), cancellationToken).ConfigureAwait(false);
    }

    public async Task<LogEntryRecord?> FindEntryByEventIdAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, event_id, kind, data, leaf_hash FROM log_entries WHERE event_id = $event";
        command.Parameters.AddWithValue("$event", eventId.ToByteArray(bigEndian: true));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadEntry(reader) : null;
    }

    public async Task<ulong?> ReadChainHeadAsync(string chainKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chainKey);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx FROM log_chain_heads WHERE chain_key = $key";
        command.Parameters.AddWithValue("$key", chainKey);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long head ? ToIndex(head) : null;
    }

    public async Task<ulong> ReadSequencedSizeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries";
        return ToIndex((long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    public async Task<IReadOnlyList<LogEntryRecord>> ReadEntriesAsync(ulong start, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var entries = new List<LogEntryRecord>(Math.Min(count, 4096));
        if (count == 0 || start > long.MaxValue)
        {
            return entries;
        }

        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, event_id, kind, data, leaf_hash FROM log_entries WHERE idx >= $start ORDER BY idx LIMIT $count";
        command.Parameters.AddWithValue("$start", (long)start);
        command.Parameters.AddWithValue("$count", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    public async Task<byte[]> ReadLeafHashesAsync(ulong start, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0 || start > long.MaxValue)
        {
            return [];
        }

        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT leaf_hash FROM log_entries WHERE idx >= $start ORDER BY idx LIMIT $count";
        command.Parameters.AddWithValue("$start", (long)start);
        command.Parameters.AddWithValue("$count", count);
        var hashes = new byte[count * HashSize];
        var read = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.GetBytes(0, 0, hashes, read * HashSize, HashSize) != HashSize)
            {
                throw new InvalidOperationException("A stored leaf hash has the wrong length.");
            }

            read++;
        }

        return read == count ? hashes : hashes[..(read * HashSize)];
    }

    public async Task<ulong?> FindLeafIndexAsync(ReadOnlyMemory<byte> leafHash, CancellationToken cancellationToken)
    {
        if (leafHash.Length != HashSize)
        {
            return null;
        }

        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        // One probe per segment of the integrated tree, generated inside SQLite rather than as one statement per segment.
        command.CommandText = """
            WITH RECURSIVE segments(n) AS (
                SELECT 0
                UNION ALL
                SELECT n + 1 FROM segments WHERE n < (SELECT (MAX(size, 1) - 1) >> 16 FROM log_tree_state WHERE id = 1))
            SELECT MIN(e.idx) FROM segments s
            JOIN log_leaf_segments l ON l.segment = s.n AND l.leaf_key = $key
            JOIN log_entries e ON e.idx = l.idx
            WHERE e.leaf_hash = $hash
            """;
        command.Parameters.AddWithValue("$key", LeafKey(leafHash.Span));
        command.Parameters.AddWithValue("$hash", leafHash.ToArray());
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is long index ? ToIndex(index) : null;
    }

    public async Task<TreeState> ReadTreeStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT size, root_hash, border_hashes FROM log_tree_state WHERE id = 1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return TreeState.Empty;
        }

        return new TreeState(ToIndex(reader.GetInt64(0)), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2));
    }

    public async Task<IReadOnlyList<TileData>> ReadTilesAsync(IReadOnlyCollection<TileId> tiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var found = new List<TileData>(tiles.Count);
        if (tiles.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT hashes FROM log_tiles WHERE level = $level AND tile_index = $index";
        var level = command.Parameters.Add("$level", SqliteType.Integer);
        var index = command.Parameters.Add("$index", SqliteType.Integer);

        // One snapshot for all tiles of a proof, so they come from the same integration.
        await using var transaction = connection.BeginTransaction(deferred: true);
        command.Transaction = transaction;
        foreach (var id in tiles)
        {
            if (id.Index > long.MaxValue)
            {
                continue;
            }

            level.Value = id.Level;
            index.Value = (long)id.Index;
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is byte[] hashes)
            {
                found.Add(new TileData(id, hashes));
            }
        }

        return found;
    }

    public async Task CommitIntegrationAsync(ulong expectedSize, TreeState newState, IReadOnlyList<TileData> tiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newState);
        ArgumentNullException.ThrowIfNull(tiles);
        await WriteAsync(
            transaction =>
            {
                CommitIntegration(transaction, expectedSize, newState, tiles);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> StoreCheckpointAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return WriteAsync(
            transaction =>
            {
                using var command = transaction.Connection!.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO log_checkpoints (tree_size, root_hash, signed_note, published_utc)
                    VALUES ($size, $root, $note, $published)
                    ON CONFLICT (tree_size) DO NOTHING
                    """;
                command.Parameters.AddWithValue("$size", ToStored(checkpoint.TreeSize));
                command.Parameters.AddWithValue("$root", checkpoint.RootHash);
                command.Parameters.AddWithValue("$note", checkpoint.SignedNote);
                command.Parameters.AddWithValue("$published", checkpoint.PublishedAt.UtcTicks);
                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken);
    }

    public async Task<StoredCheckpoint?> ReadLatestCheckpointAsync(CancellationToken cancellationToken)
    {
        var latest = await ReadCheckpointHistoryAsync(null, 1, cancellationToken).ConfigureAwait(false);
        return latest.Count == 0 ? null : latest[0];
    }

    public async Task<IReadOnlyList<StoredCheckpoint>> ReadCheckpointHistoryAsync(ulong? beforeTreeSize, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var checkpoints = new List<StoredCheckpoint>();
        if (max == 0)
        {
            return checkpoints;
        }

        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT tree_size, root_hash, signed_note, published_utc FROM log_checkpoints
            WHERE tree_size < $before ORDER BY tree_size DESC LIMIT $max
            """;
        command.Parameters.AddWithValue("$before", beforeTreeSize is null ? long.MaxValue : (long)Math.Min(beforeTreeSize.Value, long.MaxValue));
        command.Parameters.AddWithValue("$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            checkpoints.Add(new StoredCheckpoint(
                ToIndex(reader.GetInt64(0)),
                (byte[])reader.GetValue(1),
                reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero)));
        }

        return checkpoints;
    }

    public async Task<IReadOnlyList<CheckpointKeyRecord>> ReadKeyHistoryAsync(CancellationToken cancellationToken)
    {
        var history = new List<CheckpointKeyRecord>();
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT key_name, key_id, public_key_pem, valid_from_utc, valid_to_utc FROM log_keys
            ORDER BY valid_from_utc, key_name, key_id
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            history.Add(new CheckpointKeyRecord(
                reader.GetString(0),
                checked((uint)reader.GetInt64(1)),
                reader.GetString(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                reader.IsDBNull(4) ? null : new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
        }

        return history;
    }

    public Task ReplaceKeyHistoryAsync(IReadOnlyList<CheckpointKeyRecord> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        return WriteAsync(
            transaction =>
            {
                using var clear = transaction.Connection!.CreateCommand();
                clear.Transaction = transaction;
                clear.CommandText = "DELETE FROM log_keys";
                clear.ExecuteNonQuery();

                using var insert = transaction.Connection!.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO log_keys (key_name, key_id, public_key_pem, valid_from_utc, valid_to_utc)
                    VALUES ($name, $id, $pem, $from, $to)
                    """;
                var name = insert.Parameters.Add("$name", SqliteType.Text);
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var pem = insert.Parameters.Add("$pem", SqliteType.Text);
                var from = insert.Parameters.Add("$from", SqliteType.Integer);
                var to = insert.Parameters.Add("$to", SqliteType.Integer);
                foreach (var record in history)
                {
                    name.Value = record.KeyName;
                    id.Value = (long)record.KeyId;
                    pem.Value = record.PublicKeyPem;
                    from.Value = record.ValidFrom.UtcTicks;
                    to.Value = record.ValidTo is { } validTo ? validTo.UtcTicks : DBNull.Value;
                    insert.ExecuteNonQuery();
                }

                return true;
            },
            cancellationToken);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writer.Dispose();
        _writeLock.Dispose();

        // Pooled readers would otherwise keep the file open after the storage is gone.
        using var reader = new SqliteConnection(_readerConnectionString);
        SqliteConnection.ClearPool(reader);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void MigrateLeafIndex(SqliteConnection writer)
    {
        static bool OldIndexExists(SqliteConnection connection, SqliteTransaction? transaction)
        {
            using var exists = connection.CreateCommand();
            exists.Transaction = transaction;
            exists.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log_leaf_index'";
            return exists.ExecuteScalar() is not null;
        }

        // Checked first without the write lock, which a standby opening the file must not contend for.
        if (!OldIndexExists(writer, null))
        {
            return;
        }

        using var transaction = writer.BeginTransaction(deferred: false);
        if (!OldIndexExists(writer, transaction))
        {
            return; // another process migrated it meanwhile
        }

        using var migrate = writer.CreateCommand();
        migrate.Transaction = transaction;
        migrate.CommandText = SqliteLogSchema.MigrateLeafIndex;
        migrate.ExecuteNonQuery();
        transaction.Commit();
    }

    private static SequencedEntry[] Sequence(SqliteTransaction transaction, IReadOnlyList<EntryToSequence> entries)
    {
        var connection = transaction.Connection!;
        long next;
        using (var end = connection.CreateCommand())
        {
            end.Transaction = transaction;
            end.CommandText = "SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries";
            next = (long)end.ExecuteScalar()!;
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO log_entries (idx, event_id, kind, data, leaf_hash, leaf_key)
            VALUES ($idx, $event, $kind, $data, $hash, $key)
            ON CONFLICT (event_id) DO NOTHING
            """;
        var idx = insert.Parameters.Add("$idx", SqliteType.Integer);
        var eventId = insert.Parameters.Add("$event", SqliteType.Blob);
        var kind = insert.Parameters.Add("$kind", SqliteType.Text);
        var data = insert.Parameters.Add("$data", SqliteType.Blob);
        var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
        var key = insert.Parameters.Add("$key", SqliteType.Integer);
        insert.Prepare();

        using var existing = connection.CreateCommand();
        existing.Transaction = transaction;
        existing.CommandText = "SELECT idx FROM log_entries WHERE event_id = $event";
        var existingEvent = existing.Parameters.Add("$event", SqliteType.Blob);

        using var chains = new ChainHeads(transaction);
        var results = new SequencedEntry[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var chain = entry.ChainKey;
            if (chain is not null)
            {
                // Linked before the insert decides whether it is new; a redelivery's link is computed and discarded.
                entry = entry.LinkAfter(chains.Head(chain));
            }

            var eventBytes = entry.EventId.ToByteArray(bigEndian: true);
            idx.Value = next;
            eventId.Value = eventBytes;
            kind.Value = entry.Kind;
            data.Value = AsArray(entry.Data);
            hash.Value = entry.LeafHash;
            key.Value = LeafKey(entry.LeafHash);
            if (insert.ExecuteNonQuery() == 1)
            {
                results[i] = new SequencedEntry(entry.EventId, ToIndex(next), WasAlreadySequenced: false);
                if (chain is not null)
                {
                    chains.Advance(chain, next);
                }

                next++;
                continue;
            }

            existingEvent.Value = eventBytes;
            var index = (long)existing.ExecuteScalar()!;
            results[i] = new SequencedEntry(entry.EventId, ToIndex(index), WasAlreadySequenced: true);
        }

        chains.Store();
        return results;
    }

    /// <summary>The whole array when the memory is exactly one (the common case), saving a copy per row.</summary>
    private static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment)
        && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    private static LogEntryRecord ReadEntry(SqliteDataReader reader) =>
        new(
            ToIndex(reader.GetInt64(0)),
            new Guid((byte[])reader.GetValue(1), bigEndian: true),
            reader.GetString(2),
            (byte[])reader.GetValue(3),
            (byte[])reader.GetValue(4));

    private static void CommitIntegration(SqliteTransaction transaction, ulong expectedSize, TreeState newState, IReadOnlyList<TileData> tiles)
    {
        var connection = transaction.Connection!;
        using (var current = connection.CreateCommand())
        {
            current.Transaction = transaction;
            current.CommandText = "SELECT size FROM log_tree_state WHERE id = 1";
            var size = current.ExecuteScalar() is long stored ? ToIndex(stored) : 0UL;
            if (size != expectedSize)
            {
                throw new LogStorageConflictException($"Expected an integrated size of {expectedSize}, found {size}.");
            }
        }

        using (var index = connection.CreateCommand())
        {
            index.Transaction = transaction;
            index.CommandText = """
                INSERT OR IGNORE INTO log_leaf_segments (segment, leaf_key, idx)
                SELECT idx >> 16, leaf_key, idx FROM log_entries WHERE idx >= $from AND idx < $to ORDER BY 1, 2
                """;
            index.Parameters.AddWithValue("$from", ToStored(expectedSize));
            index.Parameters.AddWithValue("$to", ToStored(newState.Size));
            index.ExecuteNonQuery();
        }

        using (var upsertTile = connection.CreateCommand())
        {
            upsertTile.Transaction = transaction;

            // Tiles only grow: a concurrent writer's wider version is never replaced by a narrower one.
            upsertTile.CommandText = """
                INSERT INTO log_tiles (level, tile_index, hashes) VALUES ($level, $index, $hashes)
                ON CONFLICT (level, tile_index) DO UPDATE SET hashes = excluded.hashes
                WHERE length(excluded.hashes) > length(log_tiles.hashes)
                """;
            var level = upsertTile.Parameters.Add("$level", SqliteType.Integer);
            var index = upsertTile.Parameters.Add("$index", SqliteType.Integer);
            var hashes = upsertTile.Parameters.Add("$hashes", SqliteType.Blob);
            foreach (var tile in tiles)
            {
                level.Value = tile.Id.Level;
                index.Value = ToStored(tile.Id.Index);
                hashes.Value = tile.Hashes;
                upsertTile.ExecuteNonQuery();
            }
        }

        using var upsertState = connection.CreateCommand();
        upsertState.Transaction = transaction;
        upsertState.CommandText = """
            INSERT INTO log_tree_state (id, size, root_hash, border_hashes) VALUES (1, $size, $root, $border)
            ON CONFLICT (id) DO UPDATE SET size = excluded.size, root_hash = excluded.root_hash, border_hashes = excluded.border_hashes
            """;
        upsertState.Parameters.AddWithValue("$size", ToStored(newState.Size));
        upsertState.Parameters.AddWithValue("$root", newState.RootHash);
        upsertState.Parameters.AddWithValue("$border", newState.BorderHashes);
        upsertState.ExecuteNonQuery();
    }

    private async Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // BEGIN IMMEDIATE takes the write lock up front, so reading the next index and inserting cannot interleave with another process.
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = work(transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _readerPragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Chain heads as one sequencing transaction sees and moves them; <see cref="Store"/> writes the moved ones.</summary>
    private sealed class ChainHeads(SqliteTransaction transaction) : IDisposable
    {
        private readonly Dictionary<string, long?> _known = new(StringComparer.Ordinal);
        private readonly HashSet<string> _moved = new(StringComparer.Ordinal);
        private SqliteCommand? _read;

        public ulong? Head(string chain)
        {
            if (!_known.TryGetValue(chain, out var head))
            {
                // One prepared statement for the batch: most Consent entries of a batch start from a stored head.
                if (_read is null)
                {
                    _read = transaction.Connection!.CreateCommand();
                    _read.Transaction = transaction;
                    _read.CommandText = "SELECT idx FROM log_chain_heads WHERE chain_key = $key";
                    _read.Parameters.Add("$key", SqliteType.Text);
                    _read.Prepare();
                }

                _read.Parameters[0].Value = chain;
                head = _read.ExecuteScalar() is long stored ? stored : null;
                _known[chain] = head;
            }

            return head is { } index ? ToIndex(index) : null;
        }

        public void Dispose() => _read?.Dispose();

        public void Advance(string chain, long index)
        {
            _known[chain] = index;
            _moved.Add(chain);
        }

        public void Store()
        {
            if (_moved.Count == 0)
            {
                return;
            }

            using var upsert = transaction.Connection!.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO log_chain_heads (chain_key, idx) VALUES ($key, $idx)
                ON CONFLICT (chain_key) DO UPDATE SET idx = excluded.idx
                """;
            var key = upsert.Parameters.Add("$key", SqliteType.Text);
            var idx = upsert.Parameters.Add("$idx", SqliteType.Integer);
            foreach (var chain in _moved)
            {
                key.Value = chain;
                idx.Value = _known[chain]!.Value;
                upsert.ExecuteNonQuery();
            }
        }
    }

    /// <summary>The first 8 bytes of a leaf hash as a signed integer: SHA-256 output makes it a near-unique key.</summary>
    private static long LeafKey(ReadOnlySpan<byte> leafHash) => BinaryPrimitives.ReadInt64BigEndian(leafHash);

    private static long ToStored(ulong value) =>
        value <= long.MaxValue ? (long)value : throw new ArgumentOutOfRangeException(nameof(value), value, "SQLite stores indexes up to 2^63-1.");

    private static ulong ToIndex(long stored) =>
        stored >= 0 ? (ulong)stored : throw new InvalidOperationException("A negative index is stored in the ledger database.");
}
