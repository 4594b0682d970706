namespace FhirChainGateway.Ledger.Tiles;

/// <summary>
/// A tile as in C2SP tlog-tiles: tile <paramref name="Index"/> at tile level <paramref name="Level"/> holds
/// up to 256 consecutive node hashes of tree level 8·Level, the bottom row of an 8-level slice of the tree.
/// </summary>
public readonly record struct TileId(int Level, ulong Index)
{
    public override string ToString() => $"tile/{Level}/{Index}";
}
