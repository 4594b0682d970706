namespace FhirChainGateway.Ledger.Proofs;

/// <summary>Why a proof did not verify.</summary>
public enum ProofFailure
{
    None = 0,

    /// <summary>The leaf index is not below the tree size.</summary>
    LeafIndexOutOfRange,

    /// <summary>The second tree is smaller than the first.</summary>
    SizesOutOfOrder,

    /// <summary>Consistency from the empty tree proves nothing and is refused.</summary>
    EmptyTreeConsistency,

    /// <summary>A leaf, root or proof hash is not 32 bytes.</summary>
    WrongHashLength,

    /// <summary>The proof has more or fewer hashes than the sizes call for (equal sizes need none).</summary>
    WrongProofLength,

    /// <summary>The proof does not lead to the given root hash(es).</summary>
    RootMismatch,
}
