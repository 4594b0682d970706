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
    private TreeState _state = TreeState.Empty;

    public Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<EntryToSequence> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            var results = new SequencedEntry[entries.Count];
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (_indexByEventId.TryGetValue(entry.EventId, out var existing))
                {
                    results[i] = new SequencedEntry(entry.EventId, existing, WasAlreadySequenced: true);
                    continue;
                }

                var index = (ulong)_entries.Count;
                _entries.Add(new LogEntryRecord(index, entry.EventId, entry.Kind, entry.Data.ToArray(), [.. entry.LeafHash]));
                _indexByEventId.Add(entry.EventId, index);
                _firstIndexByLeafHash.TryAdd(Convert.ToBase64String(entry.LeafHash), index);
                results[i] = new SequencedEntry(entry.EventId, index, WasAlreadySequenced: false);
            }

            return Task.FromResult<IReadOnlyList<SequencedEntry>>(results);
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
