namespace FhirChainGateway.Ledger.Log;

/// <summary>A published checkpoint: the signed note as served to clients, with its size, root and publication time.</summary>
public sealed record StoredCheckpoint(ulong TreeSize, byte[] RootHash, string SignedNote, DateTimeOffset PublishedAt)
{
    public bool Equals(StoredCheckpoint? other) =>
        other is not null
        && TreeSize == other.TreeSize
        && RootHash.AsSpan().SequenceEqual(other.RootHash)
        && SignedNote == other.SignedNote
        && PublishedAt == other.PublishedAt;

    public override int GetHashCode() => HashCode.Combine(TreeSize, SignedNote);
}
