using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Proofs;

/// <summary>
/// Which stored nodes make up each hash of a proof. An element is either one perfect subtree or, at the
/// right edge of the tree, several that are folded right to left into MTH of their range. Planning is
/// pure so that a storage-backed log can fetch every node in one round trip before assembling.
/// </summary>
public sealed class ProofPlan
{
    private readonly NodeId[][] _elements;

    internal ProofPlan(NodeId[][] elements) => _elements = elements;

    /// <summary>The proof's hashes in proof order, each as the perfect subtrees (left to right) it folds.</summary>
    public IReadOnlyList<IReadOnlyList<NodeId>> Elements => _elements;

    /// <summary>Every distinct node the proof reads.</summary>
    public IReadOnlyCollection<NodeId> RequiredNodes()
    {
        var nodes = new HashSet<NodeId>();
        foreach (var element in _elements)
        {
            nodes.UnionWith(element);
        }

        return nodes;
    }

    /// <summary>Builds the proof hashes from <paramref name="source"/>.</summary>
    /// <exception cref="InvalidOperationException">The source lacks a node the proof needs.</exception>
    public IReadOnlyList<byte[]> Assemble(INodeHashSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var proof = new byte[_elements.Length][];
        Span<byte> left = stackalloc byte[Rfc6962Hasher.HashSize];
        for (var e = 0; e < _elements.Length; e++)
        {
            var nodes = _elements[e];
            var hash = new byte[Rfc6962Hasher.HashSize];
            Read(source, nodes[^1], hash);
            for (var i = nodes.Length - 2; i >= 0; i--)
            {
                Read(source, nodes[i], left);
                Rfc6962Hasher.HashChildren(left, hash, hash);
            }

            proof[e] = hash;
        }

        return proof;
    }

    private static void Read(INodeHashSource source, NodeId node, Span<byte> destination)
    {
        if (!source.TryGetNodeHash(node, destination))
        {
            throw new InvalidOperationException($"Node {node} is not available to build the proof.");
        }
    }
}
