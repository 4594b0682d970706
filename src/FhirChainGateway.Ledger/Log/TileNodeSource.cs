using FhirChainGateway.Ledger.Tiles;
using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// Node hashes served from tiles: everything a proof needs is gathered from the cache first and the
/// rest read from storage in one call, so a proof costs at most one storage round trip.
/// </summary>
internal sealed class TileNodeSource : INodeHashSource
{
    private readonly Dictionary<TileId, HashTile> _tiles;

    private TileNodeSource(Dictionary<TileId, HashTile> tiles) => _tiles = tiles;

    public static async Task<TileNodeSource> LoadAsync(
        ILogStorage storage,
        TileCache cache,
        IReadOnlyCollection<NodeId> nodes,
        CancellationToken cancellationToken)
    {
        var tiles = new Dictionary<TileId, HashTile>();
        var missing = new HashSet<TileId>();
        foreach (var node in nodes)
        {
            var id = TileGeometry.TileOf(node);
            if (missing.Contains(id))
            {
                continue;
            }

            if (!tiles.TryGetValue(id, out var tile))
            {
                if (!cache.TryGet(id, out tile))
                {
                    missing.Add(id);
                    continue;
                }

                tiles[id] = tile;
            }

            if (!tile.TryGetNode(node, out _))
            {
                // The cached version predates this node; a wider one is in storage.
                tiles.Remove(id);
                missing.Add(id);
            }
        }

        if (missing.Count > 0)
        {
            foreach (var data in await storage.ReadTilesAsync(missing, cancellationToken).ConfigureAwait(false))
            {
                var tile = new HashTile(data);
                cache.Put(tile);
                tiles[data.Id] = tile;
            }
        }

        return new TileNodeSource(tiles);
    }

    public bool TryGetNodeHash(NodeId node, Span<byte> destination)
    {
        if (_tiles.TryGetValue(TileGeometry.TileOf(node), out var tile) && tile.TryGetNode(node, out var hash))
        {
            hash.CopyTo(destination);
            return true;
        }

        return false;
    }
}
