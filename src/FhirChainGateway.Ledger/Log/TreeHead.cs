namespace FhirChainGateway.Ledger.Log;

/// <summary>Size and root hash of the integrated tree (unsigned; see <see cref="StoredCheckpoint"/> for the signed form).</summary>
public sealed record TreeHead(ulong TreeSize, byte[] RootHash)
{
    public bool Equals(TreeHead? other) =>
        other is not null && TreeSize == other.TreeSize && RootHash.AsSpan().SequenceEqual(other.RootHash);

    public override int GetHashCode() => HashCode.Combine(TreeSize, RootHash.Length > 0 ? RootHash[0] : 0);
}
