namespace FhirChainGateway.Ledger.Log;

/// <summary>A sequenced entry as stored: its index, idempotency key, kind, leaf data and leaf hash.</summary>
public sealed record LogEntryRecord(ulong Index, Guid EventId, string Kind, byte[] Data, byte[] LeafHash)
{
    public bool Equals(LogEntryRecord? other) =>
        other is not null
        && Index == other.Index
        && EventId == other.EventId
        && Kind == other.Kind
        && Data.AsSpan().SequenceEqual(other.Data)
        && LeafHash.AsSpan().SequenceEqual(other.LeafHash);

    public override int GetHashCode() => HashCode.Combine(Index, EventId);
}
