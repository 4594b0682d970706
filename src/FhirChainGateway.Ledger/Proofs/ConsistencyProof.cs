namespace FhirChainGateway.Ledger.Proofs;

/// <summary>An RFC 9162 consistency proof that the tree of <paramref name="FromSize"/> leaves is a prefix of the one of <paramref name="ToSize"/>.</summary>
public sealed record ConsistencyProof(ulong FromSize, ulong ToSize, IReadOnlyList<byte[]> Hashes);
