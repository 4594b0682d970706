using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Tiles;

/// <summary>
/// A tile with its interior rows computed from the stored bottom row, so any node in its slice is a
/// lookup. Immutable; a wider version of the same tile replaces it in the cache.
/// </summary>
public sealed class HashTile
{
    private const int HashSize = Rfc6962Hasher.HashSize;

    // _rows[h] holds the complete nodes at height h within the tile: Width >> h of them.
    private readonly byte[][] _rows;

    public HashTile(TileData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        _rows = new byte[TileGeometry.Height][];
        _rows[0] = data.Hashes;
        for (var h = 1; h < TileGeometry.Height; h++)
        {
            var below = _rows[h - 1];
            var count = below.Length / HashSize / 2;
            var row = new byte[count * HashSize];
            for (var i = 0; i < count; i++)
            {
                Rfc6962Hasher.HashChildren(
                    below.AsSpan(2 * i * HashSize, HashSize),
                    below.AsSpan(((2 * i) + 1) * HashSize, HashSize),
                    row.AsSpan(i * HashSize, HashSize));
            }

            _rows[h] = row;
        }
    }

    public TileData Data { get; }

    public TileId Id => Data.Id;

    public int Width => Data.Width;

    /// <summary>The hash of <paramref name="node"/> if this tile version already holds it.</summary>
    public bool TryGetNode(NodeId node, out ReadOnlySpan<byte> hash)
    {
        hash = default;
        if (TileGeometry.TileOf(node) != Id)
        {
            return false;
        }

        var row = _rows[node.Level % TileGeometry.Height];
        var offset = (long)TileGeometry.PositionInTile(node) * HashSize;
        if (offset + HashSize > row.Length)
        {
            return false;
        }

        hash = row.AsSpan((int)offset, HashSize);
        return true;
    }
}
