using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Tiles;
using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// Second stage of the log: folds sequenced entries into the Merkle tree, storing the tiles they complete
/// and the new tree state in one conditional commit per chunk. One integration at a time per instance;
/// a second process integrating the same storage is caught by the commit's size check.
/// </summary>
public sealed class LogIntegrator : IDisposable
{
    private const int HashSize = Rfc6962Hasher.HashSize;

    private readonly ILogStorage _storage;
    private readonly int _maxLeavesPerCommit;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="maxLeavesPerCommit">Bounds the memory and transaction size of one commit.</param>
    public LogIntegrator(ILogStorage storage, int maxLeavesPerCommit = 1 << 16)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLeavesPerCommit);
        _storage = storage;
        _maxLeavesPerCommit = maxLeavesPerCommit;
    }

    /// <summary>Integrates everything sequenced so far and returns the resulting tree head.</summary>
    public async Task<TreeHead> IntegrateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await _storage.ReadTreeStateAsync(cancellationToken).ConfigureAwait(false);
            var target = await _storage.ReadSequencedSizeAsync(cancellationToken).ConfigureAwait(false);
            while (state.Size < target)
            {
                var count = (int)Math.Min(target - state.Size, (ulong)_maxLeavesPerCommit);
                state = await IntegrateChunkAsync(state, count, cancellationToken).ConfigureAwait(false);
            }

            return new TreeHead(state.Size, state.RootHash);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<TreeState> IntegrateChunkAsync(TreeState state, int count, CancellationToken cancellationToken)
    {
        var range = CompactRange.FromBorder(state.Size, state.BorderHashes);
        if (!range.GetRootHash().AsSpan().SequenceEqual(state.RootHash))
        {
            // Refuse to build on a state whose border and root disagree: signing on top would spread the damage.
            throw new InvalidOperationException($"The stored tree state at size {state.Size} is inconsistent.");
        }

        var leafHashes = await _storage.ReadLeafHashesAsync(state.Size, count, cancellationToken).ConfigureAwait(false);
        if (leafHashes.Length != count * HashSize)
        {
            throw new InvalidOperationException($"Sequenced entries from index {state.Size} are missing.");
        }

        var newSize = state.Size + (ulong)count;
        var partial = TileRowBuilder.PartialTilesExtended(state.Size, newSize);
        var existing = partial.Count == 0
            ? []
            : await _storage.ReadTilesAsync([.. partial.Select(p => p.Tile)], cancellationToken).ConfigureAwait(false);

        var tiles = new TileRowBuilder(existing);
        NodeVisitor visitor = tiles.Add;
        for (var i = 0; i < count; i++)
        {
            range.Append(leafHashes.AsSpan(i * HashSize, HashSize), visitor);
        }

        var newState = new TreeState(newSize, range.GetRootHash(), range.ToBorderHashes());
        await _storage.CommitIntegrationAsync(state.Size, newState, tiles.Build(), cancellationToken).ConfigureAwait(false);
        return newState;
    }
}
