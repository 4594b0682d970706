namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>The outcome of verifying a checkpoint note; <see cref="Checkpoint"/> is set only when valid.</summary>
public sealed record CheckpointVerificationResult(
    CheckpointVerificationFailure Failure,
    string Message,
    Checkpoint? Checkpoint,
    IReadOnlyList<CheckpointPublicKey> VerifiedBy)
{
    public bool IsValid => Failure == CheckpointVerificationFailure.None;

    internal static CheckpointVerificationResult Fail(CheckpointVerificationFailure failure, string message) =>
        new(failure, message, null, []);
}
