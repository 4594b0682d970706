using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Proofs;

/// <summary>
/// Plans RFC 9162 §2.1.3.1 inclusion proofs (PATH) and §2.1.4.1 consistency proofs (PROOF/SUBPROOF),
/// unrolling the RFC's recursion into a walk down the tree that records one range per level.
/// </summary>
public static class ProofPlanner
{
    /// <summary>The audit path of leaf <paramref name="leafIndex"/> in the tree of <paramref name="treeSize"/> leaves.</summary>
    public static ProofPlan Inclusion(ulong leafIndex, ulong treeSize)
    {
        if (leafIndex >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), leafIndex, $"Leaf index must be below the tree size {treeSize}.");
        }

        // PATH(m, D[a:b]) recurses into the half holding m and emits MTH of the other half after the
        // recursive part, so ranges found walking down are emitted in reverse.
        var siblings = new List<(ulong Begin, ulong End)>();
        ulong begin = 0, end = treeSize;
        while (end - begin > 1)
        {
            var k = SubtreeMath.LargestPowerOfTwoBelow(end - begin);
            if (leafIndex < begin + k)
            {
                siblings.Add((begin + k, end));
                end = begin + k;
            }
            else
            {
                siblings.Add((begin, begin + k));
                begin += k;
            }
        }

        siblings.Reverse();
        return ToPlan(siblings);
    }

    /// <summary>The proof that the tree of <paramref name="size1"/> leaves is a prefix of the one of <paramref name="size2"/>.</summary>
    /// <remarks>Equal sizes give an empty proof; a proof from the empty tree is meaningless and refused.</remarks>
    public static ProofPlan Consistency(ulong size1, ulong size2)
    {
        if (size1 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), size1, "A consistency proof from the empty tree is meaningless.");
        }

        if (size1 > size2)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), size1, $"The first size must not exceed the second ({size2}).");
        }

        // SUBPROOF(m, D[a:b], startFromOldRoot): the flag turns false once the walk leaves the old tree's
        // leftmost path, after which the old subtree's own hash must be part of the proof.
        var ranges = new List<(ulong Begin, ulong End)>();
        ulong begin = 0, end = size2, m = size1;
        var startFromOldRoot = true;
        while (true)
        {
            var size = end - begin;
            if (m == size)
            {
                if (!startFromOldRoot)
                {
                    ranges.Add((begin, end));
                }

                break;
            }

            var k = SubtreeMath.LargestPowerOfTwoBelow(size);
            if (m <= k)
            {
                ranges.Add((begin + k, end));
                end = begin + k;
            }
            else
            {
                ranges.Add((begin, begin + k));
                m -= k;
                begin += k;
                startFromOldRoot = false;
            }
        }

        ranges.Reverse();
        return ToPlan(ranges);
    }

    /// <summary>The perfect subtrees whose fold is the root of the tree of <paramref name="treeSize"/> leaves, as a one-element plan.</summary>
    public static ProofPlan TreeRoot(ulong treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfZero(treeSize);
        return ToPlan([(0, treeSize)]);
    }

    private static ProofPlan ToPlan(List<(ulong Begin, ulong End)> ranges)
    {
        var elements = new NodeId[ranges.Count][];
        var nodes = new List<NodeId>(8);
        for (var i = 0; i < ranges.Count; i++)
        {
            nodes.Clear();
            SubtreeMath.Decompose(ranges[i].Begin, ranges[i].End, nodes);
            elements[i] = [.. nodes];
        }

        return new ProofPlan(elements);
    }
}
