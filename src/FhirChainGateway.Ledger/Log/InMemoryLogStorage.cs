using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Tiles;

namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// <see cref="ILogStorage"/> in process memory, for tests and tools. Nothing survives the process; every
/// operation runs under one lock, which trivially gives the atomicity the contract asks for.
/// </summary>
public sealed class InMemoryLogStorage : ILogStorage
{
    private readonly Lock _gate = new();
    private readonly List<LogEntryRecord> _entries = [];
    private readonly Dictionary<Guid, ulong> _indexByEventId = [];
    private readonly Dictionary<string, ulong> _firstIndexByLeafHash = new(StringComparer.Ordinal);
    private readonly Dictionary<TileId, TileData> _tiles = [];
    private readonly SortedDictionary<ulong, StoredCheckpoint> _checkpoints = [];
    private readonly Dictionary<string, ulong> _chainHeads = new(StringComparer.Ordinal);
    private List<CheckpointKeyRecord> _keyHistory = [];
    private TreeState _state = TreeState.Empty;

    public Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<EntryToSequence> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            // Staged, then applied: linking a chained entry runs caller code, and a throw must leave nothing behind.
            var results = new SequencedEntry[entries.Count];
            var added = new List<LogEntryRecord>();
            var addedByEventId = new Dictionary<Guid, ulong>();
            var heads = new Dictionary<string, ulong>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (_indexByEventId.TryGetValue(entry.EventId, out var existing) || addedByEventId.TryGetValue(entry.EventId, out existing))
                {
                    results[i] = new SequencedEntry(entry.EventId, existing, WasAlreadySequenced: true);
                    continue;
                }

                var index = (ulong)(_entries.Count + added.Count);
                if (entry.ChainKey is { } chain)
                {
                    entry = entry.LinkAfter(heads.TryGetValue(chain, out var previous) || _chainHeads.TryGetValue(chain, out previous) ? previous : null);
                    heads[chain] = index;
                }

                added.Add(new LogEntryRecord(index, entry.EventId, entry.Kind, entry.Data.ToArray(), [.. entry.LeafHash]));
                addedByEventId.Add(entry.EventId, index);
                results[i] = new SequencedEntry(entry.EventId, index, WasAlreadySequenced: false);
            }

            foreach (var record in added)
            {
                _entries.Add(record);
                _indexByEventId.Add(record.EventId, record.Index);
                _firstIndexByLeafHash.TryAdd(Convert.ToBase64String(record.LeafHash), record.Index);
            }

            foreach (var (chain, head) in heads)
            {
                _chainHeads[chain] = head;
            }

            return Task.FromResult<IReadOnlyList<SequencedEntry>>(results);
        }
    }

    public Task<LogEntryRecord?> FindEntryByEventIdAsync(Guid eventId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_indexByEventId.TryGetValue(eventId, out var index) ? _entries[(int)index] : null);
        }
    }

    public Task<ulong?> ReadChainHeadAsync(string chainKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chainKey);
        lock (_gate)
        {
            return Task.FromResult<ulong?>(_chainHeads.TryGetValue(chainKey, out var head) ? head : null);
        }
    }

    public Task<ulong> ReadSequencedSizeAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult((ulong)_entries.Count);
        }
    }

    public Task<IReadOnlyList<LogEntryRecord>> ReadEntriesAsync(ulong start, int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<LogEntryRecord>>(Slice(start, count).ToList());
        }
    }

    public Task<byte[]> ReadLeafHashesAsync(ulong start, int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entries = Slice(start, count).ToList();
            var hashes = new byte[entries.Count * Rfc6962Hasher.HashSize];
            for (var i = 0; i < entries.Count; i++)
            {
                entries[i].LeafHash.CopyTo(hashes, i * Rfc6962Hasher.HashSize);
            }

            return Task.FromResult(hashes);
        }
    }

    public Task<ulong?> FindLeafIndexAsync(ReadOnlyMemory<byte> leafHash, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<ulong?>(
                _firstIndexByLeafHash.TryGetValue(Convert.ToBase64String(leafHash.Span), out var index) ? index : null);
        }
    }

    public Task<TreeState> ReadTreeStateAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_state);
        }
    }

    public Task<IReadOnlyList<TileData>> ReadTilesAsync(IReadOnlyCollection<TileId> tiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        lock (_gate)
        {
            var found = new List<TileData>(tiles.Count);
            foreach (var id in tiles)
            {
                if (_tiles.TryGetValue(id, out var tile))
                {
                    found.Add(tile);
                }
            }

            return Task.FromResult<IReadOnlyList<TileData>>(found);
        }
    }

    public Task CommitIntegrationAsync(ulong expectedSize, TreeState newState, IReadOnlyList<TileData> tiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newState);
        ArgumentNullException.ThrowIfNull(tiles);
        lock (_gate)
        {
            if (_state.Size != expectedSize)
            {
                throw new LogStorageConflictException($"Expected an integrated size of {expectedSize}, found {_state.Size}.");
            }

            foreach (var tile in tiles)
            {
                if (!_tiles.TryGetValue(tile.Id, out var stored) || stored.Width < tile.Width)
                {
                    _tiles[tile.Id] = tile;
                }
            }

            _state = newState;
        }

        return Task.CompletedTask;
    }

    public Task<bool> StoreCheckpointAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        lock (_gate)
        {
            return Task.FromResult(_checkpoints.TryAdd(checkpoint.TreeSize, checkpoint));
        }
    }

    public Task<StoredCheckpoint?> ReadLatestCheckpointAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_checkpoints.Count == 0 ? null : _checkpoints.Last().Value);
        }
    }

    public Task<IReadOnlyList<StoredCheckpoint>> ReadCheckpointHistoryAsync(ulong? beforeTreeSize, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StoredCheckpoint>>(_checkpoints.Values
                .Where(checkpoint => beforeTreeSize is null || checkpoint.TreeSize < beforeTreeSize)
                .Reverse()
                .Take(max)
                .ToList());
        }
    }

    public Task<IReadOnlyList<CheckpointKeyRecord>> ReadKeyHistoryAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<CheckpointKeyRecord>>(_keyHistory);
        }
    }

    public Task ReplaceKeyHistoryAsync(IReadOnlyList<CheckpointKeyRecord> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        lock (_gate)
        {
            // Same order as the SQLite storage, so both backends answer the contract identically.
            _keyHistory = [.. history.OrderBy(record => record.ValidFrom).ThenBy(record => record.KeyName, StringComparer.Ordinal).ThenBy(record => record.KeyId)];
        }

        return Task.CompletedTask;
    }

    private IEnumerable<LogEntryRecord> Slice(ulong start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var total = (ulong)_entries.Count;
        if (start >= total)
        {
            return [];
        }

        return _entries.Skip((int)start).Take((int)Math.Min((ulong)count, total - start));
    }
}
