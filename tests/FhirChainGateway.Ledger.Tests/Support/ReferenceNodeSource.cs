using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Tests.Support;

/// <summary>Node hashes computed on demand by the reference recursion, for checking proof plans without tiles.</summary>
internal sealed class ReferenceNodeSource(IReadOnlyList<byte[]> leafHashes) : INodeHashSource
{
    public List<NodeId> Requested { get; } = [];

    public bool TryGetNodeHash(NodeId node, Span<byte> destination)
    {
        Requested.Add(node);
        if (node.EndLeaf > (ulong)leafHashes.Count)
        {
            return false;
        }

        ReferenceMerkle.Root(leafHashes, (int)node.FirstLeaf, (int)node.EndLeaf).CopyTo(destination);
        return true;
    }
}
