using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Tiles;

namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// Durable state of a transparency log, split like tessera: sequenced entries (the source of truth,
/// append-only), the integrated tree (state record plus tlog-tiles bottom rows) and signed checkpoints.
/// </summary>
/// <remarks>
/// The operations are coarse on purpose so that a document store can implement them: sequencing is one
/// atomic batch, integration one conditional write of a new state with the tiles it changed, and tiles
/// are whole values keyed by (level, index) that only ever grow.
/// </remarks>
public interface ILogStorage
{
    /// <summary>
    /// Durably assigns consecutive indexes after the current end to the entries whose event id is new,
    /// atomically, before returning. An event id already present (earlier or within this batch) gets its
    /// existing index and adds nothing. Results are in input order.
    /// </summary>
    /// <remarks>
    /// A new entry with a <see cref="EntryToSequence.ChainKey"/> is stored as <see cref="EntryToSequence.LinkAfter"/>
    /// of the chain's previous entry: the last new entry of that chain earlier in this batch, else the stored
    /// chain head, else null. It then becomes the chain head, in the same atomic write as the entries, so a crash
    /// can never leave a head that points at a missing entry or skips one. A redelivered event changes no head.
    /// </remarks>
    Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<EntryToSequence> entries, CancellationToken cancellationToken);

    /// <summary>The sequenced (not necessarily integrated) entry of an event, or null.</summary>
    Task<LogEntryRecord?> FindEntryByEventIdAsync(Guid eventId, CancellationToken cancellationToken);

    /// <summary>Index of the latest sequenced entry of a chain (see <see cref="SequenceAsync"/>), or null for an empty chain.</summary>
    Task<ulong?> ReadChainHeadAsync(string chainKey, CancellationToken cancellationToken);

    /// <summary>Number of entries sequenced so far (integrated or not).</summary>
    Task<ulong> ReadSequencedSizeAsync(CancellationToken cancellationToken);

    /// <summary>Entries [start, start+count) that exist, in index order.</summary>
    Task<IReadOnlyList<LogEntryRecord>> ReadEntriesAsync(ulong start, int count, CancellationToken cancellationToken);

    /// <summary>Leaf hashes of entries [start, start+count) that exist, concatenated in index order.</summary>
    Task<byte[]> ReadLeafHashesAsync(ulong start, int count, CancellationToken cancellationToken);

    /// <summary>
    /// The lowest index whose leaf hash is <paramref name="leafHash"/>, or null. A backend may index leaf
    /// hashes only as they are integrated (a hash lookup index is costly to keep on the sequencing path).
    /// </summary>
    Task<ulong?> FindLeafIndexAsync(ReadOnlyMemory<byte> leafHash, CancellationToken cancellationToken);

    /// <summary>The integrated tree, <see cref="TreeState.Empty"/> before the first integration.</summary>
    Task<TreeState> ReadTreeStateAsync(CancellationToken cancellationToken);

    /// <summary>The stored versions of the requested tiles; tiles never written are left out.</summary>
    Task<IReadOnlyList<TileData>> ReadTilesAsync(IReadOnlyCollection<TileId> tiles, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically writes <paramref name="tiles"/> (replacing narrower versions) and <paramref name="newState"/>,
    /// provided the stored tree size is still <paramref name="expectedSize"/>.
    /// </summary>
    /// <exception cref="LogStorageConflictException">The stored size is no longer <paramref name="expectedSize"/>; nothing was written.</exception>
    Task CommitIntegrationAsync(ulong expectedSize, TreeState newState, IReadOnlyList<TileData> tiles, CancellationToken cancellationToken);

    /// <summary>Stores a checkpoint; false (and nothing changes) when one for that tree size exists already.</summary>
    Task<bool> StoreCheckpointAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>The checkpoint with the largest tree size, or null before the first.</summary>
    Task<StoredCheckpoint?> ReadLatestCheckpointAsync(CancellationToken cancellationToken);

    /// <summary>Checkpoints with tree size below <paramref name="beforeTreeSize"/> (all when null), largest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<StoredCheckpoint>> ReadCheckpointHistoryAsync(ulong? beforeTreeSize, int max, CancellationToken cancellationToken);

    /// <summary>The published signing-key history, oldest first (empty before the first checkpoint).</summary>
    Task<IReadOnlyList<CheckpointKeyRecord>> ReadKeyHistoryAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the signing-key history atomically (one publisher writes it; see <see cref="CheckpointKeyHistory"/>).</summary>
    Task ReplaceKeyHistoryAsync(IReadOnlyList<CheckpointKeyRecord> history, CancellationToken cancellationToken);
}
