using System.Numerics;
using FhirChainGateway.Ledger.Hashing;

namespace FhirChainGateway.Ledger.Tree;

/// <summary>
/// The right border of a Merkle tree of <see cref="Size"/> leaves: one hash per set bit of the size, the
/// largest (leftmost) perfect subtree first. That is O(log n) state from which the next append and the
/// current root follow without touching storage, as in transparency-dev/merkle's compact ranges.
/// </summary>
/// <remarks>Not thread-safe: the integrator owns one at a time.</remarks>
public sealed class CompactRange
{
    private const int HashSize = Rfc6962Hasher.HashSize;

    // 64 border hashes cover every size a ulong can express; fixed so appends never allocate.
    private readonly byte[] _hashes = new byte[64 * HashSize];
    private int _count;

    /// <summary>Number of leaves covered.</summary>
    public ulong Size { get; private set; }

    /// <summary>Restores the border saved from <see cref="ToBorderHashes"/> for a tree of <paramref name="size"/> leaves.</summary>
    public static CompactRange FromBorder(ulong size, ReadOnlySpan<byte> borderHashes)
    {
        var expected = BitOperations.PopCount(size);
        if (borderHashes.Length != expected * HashSize)
        {
            throw new ArgumentException(
                $"A tree of {size} leaves has {expected} border hashes, got {borderHashes.Length} bytes.",
                nameof(borderHashes));
        }

        var range = new CompactRange { Size = size, _count = expected };
        borderHashes.CopyTo(range._hashes);
        return range;
    }

    /// <summary>The perfect subtrees of the border, largest first, matching <see cref="ToBorderHashes"/>.</summary>
    public IReadOnlyList<NodeId> BorderNodes()
    {
        var nodes = new List<NodeId>(_count);
        if (Size > 0)
        {
            SubtreeMath.Decompose(0, Size, nodes);
        }

        return nodes;
    }

    /// <summary>A copy of the border hashes, concatenated, largest subtree first.</summary>
    public byte[] ToBorderHashes() => _hashes.AsSpan(0, _count * HashSize).ToArray();

    /// <summary>Adds one leaf by its leaf hash, telling <paramref name="visitor"/> about each perfect subtree it completes.</summary>
    public void Append(ReadOnlySpan<byte> leafHash, NodeVisitor? visitor = null)
    {
        if (leafHash.Length != HashSize)
        {
            throw new ArgumentException($"Leaf hashes are {HashSize} bytes.", nameof(leafHash));
        }

        Span<byte> carry = stackalloc byte[HashSize];
        leafHash.CopyTo(carry);
        var index = Size;
        var level = 0;
        visitor?.Invoke(new NodeId(0, index), carry);

        // Like incrementing a binary counter: every trailing one bit of the old size merges a subtree.
        while (((Size >> level) & 1) == 1)
        {
            _count--;
            Rfc6962Hasher.HashChildren(Slot(_count), carry, carry);
            level++;
            index >>= 1;
            visitor?.Invoke(new NodeId(level, index), carry);
        }

        carry.CopyTo(Slot(_count));
        _count++;
        Size++;
    }

    /// <summary>Writes MTH of the whole range into <paramref name="destination"/> (SHA-256("") when empty).</summary>
    public void WriteRootHash(Span<byte> destination)
    {
        if (_count == 0)
        {
            Rfc6962Hasher.EmptyRoot.CopyTo(destination);
            return;
        }

        Span<byte> root = stackalloc byte[HashSize];
        Slot(_count - 1).CopyTo(root);
        for (var i = _count - 2; i >= 0; i--)
        {
            Rfc6962Hasher.HashChildren(Slot(i), root, root);
        }

        root.CopyTo(destination);
    }

    public byte[] GetRootHash()
    {
        var root = new byte[HashSize];
        WriteRootHash(root);
        return root;
    }

    public CompactRange Clone()
    {
        var copy = new CompactRange { Size = Size, _count = _count };
        _hashes.AsSpan(0, _count * HashSize).CopyTo(copy._hashes);
        return copy;
    }

    private Span<byte> Slot(int i) => _hashes.AsSpan(i * HashSize, HashSize);
}
