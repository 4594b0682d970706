namespace FhirChainGateway.Ledger.Proofs;

/// <summary>The outcome of verifying a proof: valid, or the first reason it is not.</summary>
public sealed record ProofVerificationResult(ProofFailure Failure, string Message)
{
    public static ProofVerificationResult Valid { get; } = new(ProofFailure.None, "The proof verifies.");

    public bool IsValid => Failure == ProofFailure.None;

    internal static ProofVerificationResult Fail(ProofFailure failure, string message) => new(failure, message);
}
