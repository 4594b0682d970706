using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Log;

namespace FhirChainGateway.Server.Ledger;

/// <summary>The ledger of the embedded writer, read directly.</summary>
public sealed class InProcessLedgerClient(TransparencyLog log, CheckpointSigner signer) : ILedgerClient
{
    public async Task<LedgerEntryProof?> GetEntryProofAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var checkpoint = await log.GetCheckpointAsync(cancellationToken);
        var entry = await log.Reader.GetEntryByEventIdAsync(eventId, cancellationToken);
        if (checkpoint is null || entry is null || entry.Index >= checkpoint.TreeSize)
        {
            return null;
        }

        var proof = await log.GetInclusionProofAsync(entry.Index, checkpoint.TreeSize, cancellationToken);
        return new LedgerEntryProof(entry.Index, entry.Kind, entry.Data, checkpoint.TreeSize, proof.Hashes, checkpoint.SignedNote);
    }

    public async Task<ConsentChainProof?> GetConsentChainAsync(string patientPseudonym, CancellationToken cancellationToken)
    {
        var checkpoint = await log.GetCheckpointAsync(cancellationToken);
        var head = await log.Reader.GetConsentChainHeadAsync(patientPseudonym, cancellationToken);
        if (checkpoint is null || head is null || head >= checkpoint.TreeSize)
        {
            return null;
        }

        var leaves = new List<LedgerEntryProof>();
        for (ulong? index = head; index is { } current;)
        {
            var entry = (await log.GetEntriesAsync(current, 1, cancellationToken))[0];
            var proof = await log.GetInclusionProofAsync(current, checkpoint.TreeSize, cancellationToken);
            leaves.Add(new LedgerEntryProof(entry.Index, entry.Kind, entry.Data, checkpoint.TreeSize, proof.Hashes, checkpoint.SignedNote));
            index = LeafEnvelope.Parse(entry.Data).PreviousConsentLeaf;
        }

        return new ConsentChainProof(checkpoint.TreeSize, checkpoint.SignedNote, leaves);
    }

    public async Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong fromSize, ulong toSize, CancellationToken cancellationToken) =>
        (await log.GetConsistencyProofAsync(fromSize, toSize, cancellationToken)).Hashes;

    /// <summary>Every key in the published key history (so a rotated-out key stays listed), or the current signer before the first checkpoint.</summary>
    public async Task<IReadOnlyList<string>> GetVerifierKeysAsync(CancellationToken cancellationToken)
    {
        var history = await log.Reader.GetKeyHistoryAsync(cancellationToken);
        return history.Count == 0
            ? [signer.PublicKey.ToVerifierKey()]
            : history.Select(record => record.ToPublicKey().ToVerifierKey()).Distinct(StringComparer.Ordinal).ToList();
    }
}
