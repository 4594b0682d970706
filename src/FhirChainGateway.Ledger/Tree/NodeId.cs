namespace FhirChainGateway.Ledger.Tree;

/// <summary>
/// A perfect subtree of the log: the node at <paramref name="Level"/> (0 = leaves) and horizontal
/// <paramref name="Index"/> covers leaves [Index·2^Level, (Index+1)·2^Level). Once the log holds all those
/// leaves the node's hash never changes, which is what lets it be stored and cached.
/// </summary>
public readonly record struct NodeId(int Level, ulong Index)
{
    /// <summary>First leaf covered by the node.</summary>
    public ulong FirstLeaf => Index << Level;

    /// <summary>One past the last leaf covered by the node.</summary>
    public ulong EndLeaf => (Index + 1) << Level;

    public override string ToString() => $"{Level}/{Index}";
}
