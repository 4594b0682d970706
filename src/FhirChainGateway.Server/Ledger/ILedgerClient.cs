namespace FhirChainGateway.Server.Ledger;

/// <summary>
/// The gateway's view of the ledger, for receipts: in-process when the writer is embedded, over the
/// writer's HTTP API when it runs apart.
/// </summary>
public interface ILedgerClient
{
    /// <summary>
    /// The leaf an event became, with its inclusion proof in the latest checkpoint; null when the event is
    /// not (yet) covered by a published checkpoint.
    /// </summary>
    Task<LedgerEntryProof?> GetEntryProofAsync(Guid eventId, CancellationToken cancellationToken);

    /// <summary>RFC 9162 consistency proof between two tree sizes (both at most the latest checkpoint).</summary>
    Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong fromSize, ulong toSize, CancellationToken cancellationToken);

    /// <summary>
    /// A patient's consent chain, newest leaf first, each with its inclusion proof into the latest checkpoint;
    /// null when the patient has no consent leaf yet or the newest one is not covered by a checkpoint.
    /// </summary>
    Task<ConsentChainProof?> GetConsentChainAsync(string patientPseudonym, CancellationToken cancellationToken);

    /// <summary>The checkpoint signing keys in C2SP verifier-key form (<c>name+keyid+base64</c>).</summary>
    Task<IReadOnlyList<string>> GetVerifierKeysAsync(CancellationToken cancellationToken);
}

/// <summary>A leaf, where it sits, the proof that it is in the tree of <see cref="Checkpoint"/>.</summary>
public sealed record LedgerEntryProof(
    ulong Index,
    string Kind,
    byte[] LeafData,
    ulong TreeSize,
    IReadOnlyList<byte[]> InclusionProof,
    string Checkpoint);

/// <summary>The leaves of one consent chain (newest first) and the checkpoint all their proofs lead to.</summary>
public sealed record ConsentChainProof(ulong TreeSize, string Checkpoint, IReadOnlyList<LedgerEntryProof> Leaves);
