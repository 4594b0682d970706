using System.Diagnostics.CodeAnalysis;

namespace FhirChainGateway.Ledger.Tiles;

/// <summary>
/// A bounded least-recently-used cache of expanded tiles. Any version of a tile is safe to serve for the
/// nodes it holds, because tree nodes never change once complete; a wider version simply replaces a
/// narrower one. Thread-safe.
/// </summary>
public sealed class TileCache
{
    private readonly int _capacity;
    private readonly Dictionary<TileId, LinkedListNode<HashTile>> _entries = [];
    private readonly LinkedList<HashTile> _recency = new();
    private readonly Lock _gate = new();

    /// <param name="capacity">Tiles kept; a full expanded tile takes about 16 KiB.</param>
    public TileCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(TileId id, [MaybeNullWhen(false)] out HashTile tile)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(id, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                tile = node.Value;
                return true;
            }
        }

        tile = null;
        return false;
    }

    /// <summary>Stores <paramref name="tile"/> unless a version at least as wide is already cached.</summary>
    public void Put(HashTile tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        lock (_gate)
        {
            if (_entries.TryGetValue(tile.Id, out var existing))
            {
                if (existing.Value.Width < tile.Width)
                {
                    existing.Value = tile;
                }

                _recency.Remove(existing);
                _recency.AddFirst(existing);
                return;
            }

            _entries[tile.Id] = _recency.AddFirst(tile);
            if (_entries.Count > _capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Id);
            }
        }
    }
}
