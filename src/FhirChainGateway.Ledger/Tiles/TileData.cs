using FhirChainGateway.Ledger.Hashing;

namespace FhirChainGateway.Ledger.Tiles;

/// <summary>
/// The stored form of a tile: its bottom row, hashes concatenated left to right (exactly the tlog-tiles
/// body). A partial tile at the right edge of the tree grows as the log grows; its prefix never changes.
/// </summary>
public sealed record TileData
{
    public TileData(TileId id, byte[] hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (hashes.Length == 0 || hashes.Length % Rfc6962Hasher.HashSize != 0
            || hashes.Length / Rfc6962Hasher.HashSize > TileGeometry.Width)
        {
            throw new ArgumentException($"A tile holds 1 to {TileGeometry.Width} hashes of {Rfc6962Hasher.HashSize} bytes.", nameof(hashes));
        }

        Id = id;
        Hashes = hashes;
    }

    public TileId Id { get; }

    public byte[] Hashes { get; }

    public int Width => Hashes.Length / Rfc6962Hasher.HashSize;

    public bool IsFull => Width == TileGeometry.Width;
}
