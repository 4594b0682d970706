using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Tiles;

/// <summary>Where a tree node lives among tiles of height 8 (the tlog-tiles layout).</summary>
public static class TileGeometry
{
    /// <summary>Tree levels per tile.</summary>
    public const int Height = 8;

    /// <summary>Hashes in a full tile's bottom row.</summary>
    public const int Width = 1 << Height;

    /// <summary>The tile whose slice of the tree contains <paramref name="node"/>.</summary>
    public static TileId TileOf(NodeId node)
    {
        var heightInTile = node.Level % Height;
        return new TileId(node.Level / Height, node.Index >> (Height - heightInTile));
    }

    /// <summary>Position of <paramref name="node"/> within its row of the tile (row = level mod 8).</summary>
    public static int PositionInTile(NodeId node)
    {
        var heightInTile = node.Level % Height;
        return (int)(node.Index & ((1UL << (Height - heightInTile)) - 1));
    }

    /// <summary>True when <paramref name="node"/> sits on a tile's bottom row, i.e. is stored rather than recomputed.</summary>
    public static bool IsStored(NodeId node) => node.Level % Height == 0;
}
