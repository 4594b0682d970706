using System.Numerics;

namespace FhirChainGateway.Ledger.Tree;

/// <summary>Index arithmetic shared by the tree, the proof planner and the tiles.</summary>
internal static class SubtreeMath
{
    /// <summary>The largest power of two strictly less than <paramref name="size"/> (RFC 9162's k); size must be at least 2.</summary>
    public static ulong LargestPowerOfTwoBelow(ulong size)
    {
        if (size < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A split needs at least two leaves.");
        }

        return 1UL << (63 - BitOperations.LeadingZeroCount(size - 1));
    }

    /// <summary>
    /// The perfect subtrees, left to right, whose concatenation is leaves [begin, end). Requires begin to be
    /// aligned to the largest of them, which holds for every range RFC 9162's recursive definitions produce.
    /// Folding their hashes right to left gives MTH(D[begin:end]).
    /// </summary>
    public static void Decompose(ulong begin, ulong end, List<NodeId> into)
    {
        if (end <= begin)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "The range must not be empty.");
        }

        var position = begin;
        var remaining = end - begin;
        for (var level = 63 - BitOperations.LeadingZeroCount(remaining); level >= 0; level--)
        {
            var width = 1UL << level;
            if ((remaining & width) == 0)
            {
                continue;
            }

            if ((position & (width - 1)) != 0)
            {
                throw new ArgumentException($"Range [{begin}, {end}) is not aligned to its subtrees.", nameof(begin));
            }

            into.Add(new NodeId(level, position >> level));
            position += width;
        }
    }
}
