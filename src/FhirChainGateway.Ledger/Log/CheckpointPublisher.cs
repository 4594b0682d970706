using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Proofs;

namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// Third stage of the log: signs a checkpoint for the integrated tree and stores it. Before signing it
/// proves, from the log's own tiles, that the new tree extends the last published one: tlog-checkpoint
/// forbids ever signing two inconsistent checkpoints, and this turns storage damage into a refusal.
/// </summary>
public sealed class CheckpointPublisher : IDisposable
{
    private readonly ILogStorage _storage;
    private readonly LogReader _reader;
    private readonly string _origin;
    private readonly IReadOnlyList<CheckpointSigner> _signers;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _keysRecorded;

    /// <param name="signers">Every key that signs; more than one while a key rotation is under way.</param>
    public CheckpointPublisher(
        ILogStorage storage,
        LogReader reader,
        string origin,
        IReadOnlyList<CheckpointSigner> signers,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(origin);
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (signers.Count == 0)
        {
            throw new ArgumentException("At least one signer is needed.", nameof(signers));
        }

        // Fail at start-up rather than at the first publication when the origin cannot head a checkpoint.
        _ = new Checkpoint(origin, 0, Rfc6962Hasher.EmptyRootHash());

        _storage = storage;
        _reader = reader;
        _origin = origin;
        _signers = [.. signers];
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Publishes a checkpoint for the integrated tree, or returns the latest one when the tree has not
    /// grown since (re-signing an identical body would add nothing).
    /// </summary>
    /// <exception cref="InvalidOperationException">The integrated tree does not extend the last checkpoint.</exception>
    public async Task<StoredCheckpoint> PublishAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var head = await _reader.GetTreeHeadAsync(cancellationToken).ConfigureAwait(false);
            var latest = await _storage.ReadLatestCheckpointAsync(cancellationToken).ConfigureAwait(false);
            if (latest is not null)
            {
                if (latest.TreeSize == head.TreeSize && latest.RootHash.AsSpan().SequenceEqual(head.RootHash))
                {
                    return latest;
                }

                await RequireExtendsAsync(latest, head, cancellationToken).ConfigureAwait(false);
            }

            var now = _timeProvider.GetUtcNow();
            await RecordSigningKeysAsync(now, cancellationToken).ConfigureAwait(false);
            var checkpoint = new Checkpoint(_origin, head.TreeSize, head.RootHash);
            var note = CheckpointSigner.SignCheckpoint(checkpoint, _signers);
            var stored = new StoredCheckpoint(head.TreeSize, head.RootHash, note.ToString(), now);
            if (!await _storage.StoreCheckpointAsync(stored, cancellationToken).ConfigureAwait(false))
            {
                // Another publisher stored this size first; serve theirs so there is one note per size.
                return await _storage.ReadLatestCheckpointAsync(cancellationToken).ConfigureAwait(false) ?? stored;
            }

            return stored;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// Once per publisher, before its first signature: a checkpoint is never signed by a key the published
    /// history does not list, and a key that no longer signs gets its window closed.
    /// </summary>
    private async Task RecordSigningKeysAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_keysRecorded)
        {
            return;
        }

        var history = await _storage.ReadKeyHistoryAsync(cancellationToken).ConfigureAwait(false);
        var updated = CheckpointKeyHistory.Reconcile(history, [.. _signers.Select(signer => signer.PublicKey)], now);
        if (updated is not null)
        {
            await _storage.ReplaceKeyHistoryAsync(updated, cancellationToken).ConfigureAwait(false);
        }

        _keysRecorded = true;
    }

    private async Task RequireExtendsAsync(StoredCheckpoint latest, TreeHead head, CancellationToken cancellationToken)
    {
        if (latest.TreeSize > head.TreeSize)
        {
            throw new InvalidOperationException(
                $"The integrated tree ({head.TreeSize}) is smaller than the last checkpoint ({latest.TreeSize}); refusing to sign.");
        }

        if (latest.TreeSize == 0)
        {
            return;
        }

        var proof = await _reader.GetConsistencyProofAsync(latest.TreeSize, head.TreeSize, cancellationToken).ConfigureAwait(false);
        var result = ProofVerifier.VerifyConsistency(proof, latest.RootHash, head.RootHash);
        if (!result.IsValid)
        {
            throw new InvalidOperationException(
                $"The integrated tree ({head.TreeSize}) is not consistent with the last checkpoint ({latest.TreeSize}): {result.Message} Refusing to sign.");
        }
    }
}
