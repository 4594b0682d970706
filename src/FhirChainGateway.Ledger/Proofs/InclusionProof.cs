namespace FhirChainGateway.Ledger.Proofs;

/// <summary>An RFC 9162 inclusion proof: the audit path of one leaf in the tree of <paramref name="TreeSize"/> leaves, bottom up.</summary>
public sealed record InclusionProof(ulong LeafIndex, ulong TreeSize, IReadOnlyList<byte[]> Hashes);
