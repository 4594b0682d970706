using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Tests.Support;
using FhirChainGateway.Ledger.Tree;

namespace FhirChainGateway.Ledger.Tests.Tree;

public sealed class CompactRangeTests
{
    [Fact]
    public void Roots_for_sizes_0_to_8_match_the_rfc6962_known_answers()
    {
        var range = new CompactRange();
        Convert.ToHexStringLower(range.GetRootHash()).ShouldBe(Rfc6962KnownAnswers.RootHashesHex[0]);

        for (var size = 1; size <= 8; size++)
        {
            range.Append(Rfc6962Hasher.HashLeaf(Rfc6962KnownAnswers.LeafInputs[size - 1]));

            range.Size.ShouldBe((ulong)size);
            Convert.ToHexStringLower(range.GetRootHash()).ShouldBe(Rfc6962KnownAnswers.RootHashesHex[size], $"size {size}");
        }
    }

    [Fact]
    public void Roots_match_the_reference_recursion_for_every_size_up_to_300()
    {
        var leaves = RandomLeafHashes(300, seed: 7);
        var range = new CompactRange();
        for (var size = 1; size <= leaves.Count; size++)
        {
            range.Append(leaves[size - 1]);
            range.GetRootHash().ShouldBe(ReferenceMerkle.Root(leaves, size), $"size {size}");
        }
    }

    [Fact]
    public void Border_has_one_hash_per_set_bit_and_round_trips()
    {
        var leaves = RandomLeafHashes(77, seed: 3);
        var range = new CompactRange();
        foreach (var leaf in leaves)
        {
            range.Append(leaf);
        }

        // 77 = 64 + 8 + 4 + 1.
        range.BorderNodes().ShouldBe([new NodeId(6, 0), new NodeId(3, 8), new NodeId(2, 18), new NodeId(0, 76)]);
        range.ToBorderHashes().Length.ShouldBe(4 * Rfc6962Hasher.HashSize);
        range.ToBorderHashes().AsSpan(0, 32).ToArray().ShouldBe(ReferenceMerkle.Root(leaves, 0, 64));

        var restored = CompactRange.FromBorder(77, range.ToBorderHashes());
        restored.GetRootHash().ShouldBe(range.GetRootHash());

        var extra = RandomLeafHashes(1, seed: 99)[0];
        restored.Append(extra);
        restored.GetRootHash().ShouldBe(ReferenceMerkle.Root([.. leaves, extra], 78));
    }

    [Fact]
    public void Border_of_the_wrong_length_is_refused()
    {
        Should.Throw<ArgumentException>(() => CompactRange.FromBorder(3, new byte[32]));
        Should.Throw<ArgumentException>(() => CompactRange.FromBorder(0, new byte[32]));
    }

    [Fact]
    public void Visitor_sees_every_completed_perfect_subtree_with_its_reference_hash()
    {
        var leaves = RandomLeafHashes(37, seed: 11);
        var seen = new List<(NodeId Node, byte[] Hash)>();
        var range = new CompactRange();
        foreach (var leaf in leaves)
        {
            range.Append(leaf, (node, hash) => seen.Add((node, hash.ToArray())));
        }

        // A tree of 37 leaves has 37 + 18 + 9 + 4 + 2 + 1 complete perfect subtrees.
        seen.Count.ShouldBe(37 + 18 + 9 + 4 + 2 + 1);
        seen.Select(s => s.Node).Distinct().Count().ShouldBe(seen.Count);
        foreach (var (node, hash) in seen)
        {
            hash.ShouldBe(ReferenceMerkle.Root(leaves, (int)node.FirstLeaf, (int)node.EndLeaf), $"node {node}");
        }
    }

    [Fact]
    public void Clone_is_independent()
    {
        var leaves = RandomLeafHashes(5, seed: 5);
        var range = new CompactRange();
        foreach (var leaf in leaves[..4])
        {
            range.Append(leaf);
        }

        var clone = range.Clone();
        clone.Append(leaves[4]);

        range.Size.ShouldBe(4UL);
        range.GetRootHash().ShouldBe(ReferenceMerkle.Root(leaves, 4));
        clone.GetRootHash().ShouldBe(ReferenceMerkle.Root(leaves, 5));
    }

    internal static List<byte[]> RandomLeafHashes(int count, int seed)
    {
        var random = new Random(seed);
        var leaves = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var data = new byte[random.Next(0, 40)];
            random.NextBytes(data);
            leaves.Add(ReferenceMerkle.LeafHash(data));
        }

        return leaves;
    }
}
