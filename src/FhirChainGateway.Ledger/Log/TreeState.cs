using FhirChainGateway.Ledger.Hashing;

namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// The integrated tree: size, root hash and the compact range border (see <see cref="Tree.CompactRange"/>)
/// so that integration resumes without reading tiles.
/// </summary>
public sealed record TreeState(ulong Size, byte[] RootHash, byte[] BorderHashes)
{
    public static TreeState Empty { get; } = new(0, Rfc6962Hasher.EmptyRootHash(), []);

    public bool Equals(TreeState? other) =>
        other is not null
        && Size == other.Size
        && RootHash.AsSpan().SequenceEqual(other.RootHash)
        && BorderHashes.AsSpan().SequenceEqual(other.BorderHashes);

    public override int GetHashCode() => HashCode.Combine(Size, RootHash.Length > 0 ? RootHash[0] : 0);
}
