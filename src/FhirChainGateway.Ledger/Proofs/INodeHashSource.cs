using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Proofs;

/// <summary>Hashes of perfect subtrees, as a proof needs them (a tile set, a reference tree in tests, ...).</summary>
public interface INodeHashSource
{
    /// <summary>Copies the hash of <paramref name="node"/> into <paramref name="destination"/>; false when unknown.</summary>
    bool TryGetNodeHash(NodeId node, Span<byte> destination);
}
