namespace FhirChainGateway.Ledger.Tree;

/// <summary>Told about every perfect subtree an append completes (the leaf itself included), bottom up.</summary>
public delegate void NodeVisitor(NodeId node, ReadOnlySpan<byte> hash);
