using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Tiles;

/// <summary>
/// Collects the tile bottom-row hashes that an integration creates, on top of the existing partial
/// tiles at the right edge, and yields the new tile versions to store.
/// </summary>
public sealed class TileRowBuilder
{
    private const int HashSize = Rfc6962Hasher.HashSize;

    private readonly Dictionary<TileId, (byte[] Row, int Width)> _tiles = [];
    private readonly Dictionary<TileId, TileData> _existing;

    /// <param name="existingPartialTiles">The current versions of the partial tiles the new nodes extend.</param>
    public TileRowBuilder(IEnumerable<TileData> existingPartialTiles)
    {
        ArgumentNullException.ThrowIfNull(existingPartialTiles);
        _existing = existingPartialTiles.ToDictionary(tile => tile.Id);
    }

    /// <summary>The partial tiles that growing the tree from <paramref name="oldSize"/> to <paramref name="newSize"/> extends, with how many hashes each already has.</summary>
    public static IReadOnlyList<(TileId Tile, int Width)> PartialTilesExtended(ulong oldSize, ulong newSize)
    {
        var tiles = new List<(TileId, int)>();
        for (var level = 0; level < 64 / TileGeometry.Height; level++)
        {
            var shift = level * TileGeometry.Height;
            var oldNodes = oldSize >> shift;
            var newNodes = newSize >> shift;
            if (newNodes == oldNodes)
            {
                // No new node at this tree level, hence none above it either.
                break;
            }

            var width = (int)(oldNodes % TileGeometry.Width);
            if (width != 0)
            {
                tiles.Add((new TileId(level, oldNodes / TileGeometry.Width), width));
            }
        }

        return tiles;
    }

    /// <summary>A <see cref="NodeVisitor"/> for <see cref="CompactRange.Append"/>: keeps the nodes tiles store.</summary>
    public void Add(NodeId node, ReadOnlySpan<byte> hash)
    {
        if (!TileGeometry.IsStored(node))
        {
            return;
        }

        var id = TileGeometry.TileOf(node);
        var position = TileGeometry.PositionInTile(node);
        if (!_tiles.TryGetValue(id, out var tile))
        {
            tile = (new byte[TileGeometry.Width * HashSize], 0);
            if (position > 0)
            {
                if (!_existing.TryGetValue(id, out var existing) || existing.Width < position)
                {
                    throw new InvalidOperationException($"The stored {id} lacks the {position} hashes this integration extends.");
                }

                existing.Hashes.AsSpan(0, position * HashSize).CopyTo(tile.Row);
                tile.Width = position;
            }
        }

        if (tile.Width != position)
        {
            throw new InvalidOperationException($"Nodes of {id} arrived out of order.");
        }

        hash.CopyTo(tile.Row.AsSpan(position * HashSize));
        tile.Width++;
        _tiles[id] = tile;
    }

    /// <summary>The new versions of every tile touched.</summary>
    public IReadOnlyList<TileData> Build() =>
        [.. _tiles.Select(pair => new TileData(pair.Key, pair.Value.Row.AsSpan(0, pair.Value.Width * HashSize).ToArray()))];
}
