namespace FhirChainGateway.Ledger.Tests.Support;

/// <summary>One golden inclusion case (hashes already decoded from base64).</summary>
internal sealed record InclusionCase(ulong LeafIndex, ulong TreeSize, byte[] Root, byte[] LeafHash, byte[][] Proof, string Description, bool WantError);

/// <summary>One golden consistency case.</summary>
internal sealed record ConsistencyCase(ulong Size1, ulong Size2, byte[] Root1, byte[] Root2, byte[][] Proof, string Description, bool WantError);
