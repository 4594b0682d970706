namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>Why a checkpoint note was rejected.</summary>
public enum CheckpointVerificationFailure
{
    None = 0,

    /// <summary>Not a well-formed signed note.</summary>
    MalformedNote,

    /// <summary>No signature is by a trusted key (matching both name and key ID).</summary>
    NoTrustedSignature,

    /// <summary>A signature by a trusted key does not verify: the note has been tampered with.</summary>
    InvalidSignature,

    /// <summary>Properly signed text that is not a valid checkpoint body.</summary>
    MalformedCheckpoint,

    /// <summary>A valid checkpoint of a different log.</summary>
    OriginMismatch,
}
