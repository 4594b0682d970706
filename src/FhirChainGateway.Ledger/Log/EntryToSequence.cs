using FhirChainGateway.Ledger.Hashing;

namespace FhirChainGateway.Ledger.Log;

/// <summary>A <see cref="LogEntry"/> with its leaf hash computed, as handed to <see cref="ILogStorage"/>.</summary>
/// <remarks>
/// A chained entry (<see cref="ChainKey"/> set, see <see cref="Chained"/>) commits to the index of the previous
/// entry of its chain, which is only known inside the storage's sequencing transaction. The storage must call
/// <see cref="LinkAfter"/> with that index and store the entry it returns; <see cref="EntryToSequence.Data"/>
/// and <see cref="EntryToSequence.LeafHash"/> of the unlinked entry are those of a chain's first link.
/// </remarks>
public sealed record EntryToSequence(Guid EventId, string Kind, ReadOnlyMemory<byte> Data, byte[] LeafHash)
{
    private Func<ulong?, byte[]>? DataAfter { get; init; }

    /// <summary>The chain this entry extends (for Consent entries: the patient pseudonym), or null.</summary>
    public string? ChainKey { get; private init; }

    /// <param name="dataAfter">The leaf data given the previous link's index (null: this is the first link). Must be pure.</param>
    public static EntryToSequence Chained(Guid eventId, string kind, string chainKey, Func<ulong?, byte[]> dataAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(chainKey);
        ArgumentNullException.ThrowIfNull(dataAfter);
        var first = dataAfter(null);
        return new EntryToSequence(eventId, kind, first, Rfc6962Hasher.HashLeaf(first)) { ChainKey = chainKey, DataAfter = dataAfter };
    }

    /// <summary>The entry as stored after the chain link at <paramref name="previous"/> (null: the chain is empty).</summary>
    /// <exception cref="InvalidOperationException">The entry is not chained.</exception>
    public EntryToSequence LinkAfter(ulong? previous)
    {
        if (DataAfter is null || ChainKey is null)
        {
            throw new InvalidOperationException($"Entry {EventId} is not part of a chain.");
        }

        var data = DataAfter(previous);
        return new EntryToSequence(EventId, Kind, data, Rfc6962Hasher.HashLeaf(data));
    }
}
