using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tiles;

namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// The read side of the log: entries, tree heads, checkpoints and proofs for any size up to the
/// integrated one. Needs no signing key, so a read-only service can host it. Thread-safe.
/// </summary>
/// <remarks>Requests beyond the integrated tree throw <see cref="ArgumentOutOfRangeException"/>.</remarks>
public sealed class LogReader
{
    private readonly ILogStorage _storage;
    private readonly TileCache _tiles;

    public LogReader(ILogStorage storage, TileCache tiles)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(tiles);
        _storage = storage;
        _tiles = tiles;
    }

    public async Task<TreeHead> GetTreeHeadAsync(CancellationToken cancellationToken)
    {
        var state = await _storage.ReadTreeStateAsync(cancellationToken).ConfigureAwait(false);
        return new TreeHead(state.Size, state.RootHash);
    }

    /// <summary>The root hash the tree had at <paramref name="treeSize"/> leaves.</summary>
    public async Task<byte[]> GetRootHashAsync(ulong treeSize, CancellationToken cancellationToken)
    {
        var head = await GetTreeHeadAsync(cancellationToken).ConfigureAwait(false);
        RequireIntegrated(treeSize, head, nameof(treeSize));
        if (treeSize == 0)
        {
            return Rfc6962Hasher.EmptyRootHash();
        }

        if (treeSize == head.TreeSize)
        {
            return head.RootHash;
        }

        return (await AssembleAsync(ProofPlanner.TreeRoot(treeSize), cancellationToken).ConfigureAwait(false))[0];
    }

    public async Task<InclusionProof> GetInclusionProofAsync(ulong leafIndex, ulong treeSize, CancellationToken cancellationToken)
    {
        var head = await GetTreeHeadAsync(cancellationToken).ConfigureAwait(false);
        RequireIntegrated(treeSize, head, nameof(treeSize));
        if (leafIndex >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), leafIndex, $"Leaf index must be below the tree size {treeSize}.");
        }

        var hashes = await AssembleAsync(ProofPlanner.Inclusion(leafIndex, treeSize), cancellationToken).ConfigureAwait(false);
        return new InclusionProof(leafIndex, treeSize, hashes);
    }

    /// <summary>The inclusion proof of the first leaf with hash <paramref name="leafHash"/>, or null when the tree of <paramref name="treeSize"/> leaves has none.</summary>
    public async Task<InclusionProof?> GetInclusionProofByLeafHashAsync(ReadOnlyMemory<byte> leafHash, ulong treeSize, CancellationToken cancellationToken)
    {
        if (leafHash.Length != Rfc6962Hasher.HashSize)
        {
            throw new ArgumentException($"Leaf hashes are {Rfc6962Hasher.HashSize} bytes.", nameof(leafHash));
        }

        var index = await _storage.FindLeafIndexAsync(leafHash, cancellationToken).ConfigureAwait(false);
        if (index is null || index.Value >= treeSize)
        {
            return null;
        }

        return await GetInclusionProofAsync(index.Value, treeSize, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ConsistencyProof> GetConsistencyProofAsync(ulong fromSize, ulong toSize, CancellationToken cancellationToken)
    {
        var head = await GetTreeHeadAsync(cancellationToken).ConfigureAwait(false);
        RequireIntegrated(toSize, head, nameof(toSize));
        var plan = ProofPlanner.Consistency(fromSize, toSize);
        var hashes = await AssembleAsync(plan, cancellationToken).ConfigureAwait(false);
        return new ConsistencyProof(fromSize, toSize, hashes);
    }

    /// <summary>Up to <paramref name="count"/> integrated entries from <paramref name="start"/>.</summary>
    public async Task<IReadOnlyList<LogEntryRecord>> GetEntriesAsync(ulong start, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var head = await GetTreeHeadAsync(cancellationToken).ConfigureAwait(false);
        if (start >= head.TreeSize || count == 0)
        {
            return [];
        }

        var available = (int)Math.Min((ulong)count, head.TreeSize - start);
        return await _storage.ReadEntriesAsync(start, available, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The entry an event became, wherever it is: the index is permanent from sequencing on, but the entry may
    /// not be integrated yet, so compare <see cref="LogEntryRecord.Index"/> with a checkpoint's size before asking
    /// for a proof. This is how a Consent leaf is found, whose final bytes (the chain link) only the log decides.
    /// </summary>
    public Task<LogEntryRecord?> GetEntryByEventIdAsync(Guid eventId, CancellationToken cancellationToken) =>
        _storage.FindEntryByEventIdAsync(eventId, cancellationToken);

    /// <summary>
    /// Index of the latest sequenced Consent leaf of the patient with this pseudonym, or null when there is none;
    /// follow <see cref="Envelopes.LeafEnvelope.PreviousConsentLeaf"/> from there for the whole chain.
    /// </summary>
    public Task<ulong?> GetConsentChainHeadAsync(string patientPseudonym, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientPseudonym);
        return _storage.ReadChainHeadAsync(patientPseudonym, cancellationToken);
    }

    public Task<StoredCheckpoint?> GetCheckpointAsync(CancellationToken cancellationToken) =>
        _storage.ReadLatestCheckpointAsync(cancellationToken);

    /// <summary>The published checkpoint of exactly <paramref name="treeSize"/> leaves, or null when none was published at that size.</summary>
    public async Task<StoredCheckpoint?> GetCheckpointAsync(ulong treeSize, CancellationToken cancellationToken)
    {
        if (treeSize == ulong.MaxValue)
        {
            return null;
        }

        var found = await _storage.ReadCheckpointHistoryAsync(treeSize + 1, 1, cancellationToken).ConfigureAwait(false);
        return found.Count == 1 && found[0].TreeSize == treeSize ? found[0] : null;
    }

    /// <summary>Every key that has signed this log's checkpoints, with its service window, oldest first.</summary>
    public Task<IReadOnlyList<CheckpointKeyRecord>> GetKeyHistoryAsync(CancellationToken cancellationToken) =>
        _storage.ReadKeyHistoryAsync(cancellationToken);

    public Task<IReadOnlyList<StoredCheckpoint>> GetCheckpointHistoryAsync(ulong? beforeTreeSize, int max, CancellationToken cancellationToken) =>
        _storage.ReadCheckpointHistoryAsync(beforeTreeSize, max, cancellationToken);

    private async Task<IReadOnlyList<byte[]>> AssembleAsync(ProofPlan plan, CancellationToken cancellationToken)
    {
        var nodes = plan.RequiredNodes();
        if (nodes.Count == 0)
        {
            return [];
        }

        var source = await TileNodeSource.LoadAsync(_storage, _tiles, nodes, cancellationToken).ConfigureAwait(false);
        return plan.Assemble(source);
    }

    private static void RequireIntegrated(ulong treeSize, TreeHead head, string parameterName)
    {
        if (treeSize > head.TreeSize)
        {
            throw new ArgumentOutOfRangeException(parameterName, treeSize, $"The log has integrated only {head.TreeSize} entries.");
        }
    }
}
