using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tests.Support;
using FhirChainGateway.Ledger.Tests.Tree;

namespace FhirChainGateway.Ledger.Tests.Proofs;

public sealed class ProofPlannerTests
{
    private static readonly List<byte[]> KnownLeaves = [.. Rfc6962KnownAnswers.LeafHashesHex.Select(Convert.FromHexString)];

    [Fact]
    public void Inclusion_proofs_match_the_transparency_dev_known_answers()
    {
        foreach (var (index, size, expected) in Rfc6962KnownAnswers.InclusionProofs)
        {
            var proof = ProofPlanner.Inclusion(index, size).Assemble(new ReferenceNodeSource(KnownLeaves));

            proof.Select(Convert.ToHexStringLower).ShouldBe(expected, $"leaf {index} of {size}");
        }
    }

    [Fact]
    public void Consistency_proofs_match_the_transparency_dev_known_answers()
    {
        foreach (var (size1, size2, expected) in Rfc6962KnownAnswers.ConsistencyProofs)
        {
            var proof = ProofPlanner.Consistency(size1, size2).Assemble(new ReferenceNodeSource(KnownLeaves));

            proof.Select(Convert.ToHexStringLower).ShouldBe(expected, $"{size1} -> {size2}");
        }
    }

    [Fact]
    public void Inclusion_proofs_equal_rfc_path_for_every_leaf_of_every_size_up_to_70()
    {
        var leaves = CompactRangeTests.RandomLeafHashes(70, seed: 17);
        var source = new ReferenceNodeSource(leaves);
        for (var size = 1; size <= leaves.Count; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var proof = ProofPlanner.Inclusion((ulong)index, (ulong)size).Assemble(source);

                proof.ShouldBe(ReferenceMerkle.Path(leaves, index, 0, size), $"leaf {index} of {size}");
            }
        }
    }

    [Fact]
    public void Consistency_proofs_equal_rfc_proof_for_every_pair_of_sizes_up_to_70()
    {
        var leaves = CompactRangeTests.RandomLeafHashes(70, seed: 19);
        var source = new ReferenceNodeSource(leaves);
        for (var size2 = 1; size2 <= leaves.Count; size2++)
        {
            for (var size1 = 1; size1 <= size2; size1++)
            {
                var proof = ProofPlanner.Consistency((ulong)size1, (ulong)size2).Assemble(source);

                proof.ShouldBe(ReferenceMerkle.Consistency(leaves, size1, size2), $"{size1} -> {size2}");
            }
        }
    }

    [Fact]
    public void Tree_root_plan_folds_to_the_root()
    {
        var leaves = CompactRangeTests.RandomLeafHashes(45, seed: 23);
        for (var size = 1; size <= leaves.Count; size++)
        {
            ProofPlanner.TreeRoot((ulong)size).Assemble(new ReferenceNodeSource(leaves)).Single()
                .ShouldBe(ReferenceMerkle.Root(leaves, size));
        }
    }

    [Fact]
    public void Plans_touch_only_logarithmically_many_nodes_at_large_sizes()
    {
        var inclusion = ProofPlanner.Inclusion(4_999_999, 10_000_000);
        var consistency = ProofPlanner.Consistency(3_333_333, 10_000_000);

        // ceil(log2(10^7)) = 24 hashes at most, and the right-edge folds add at most another log2(n).
        inclusion.Elements.Count.ShouldBeLessThanOrEqualTo(24);
        consistency.Elements.Count.ShouldBeLessThanOrEqualTo(2 * 24);
        inclusion.RequiredNodes().Count.ShouldBeLessThanOrEqualTo(48);
        consistency.RequiredNodes().Count.ShouldBeLessThanOrEqualTo(72);
    }

    [Fact]
    public void Impossible_requests_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ProofPlanner.Inclusion(0, 0));
        Should.Throw<ArgumentOutOfRangeException>(() => ProofPlanner.Inclusion(5, 5));
        Should.Throw<ArgumentOutOfRangeException>(() => ProofPlanner.Consistency(0, 5));
        Should.Throw<ArgumentOutOfRangeException>(() => ProofPlanner.Consistency(6, 5));
        ProofPlanner.Consistency(5, 5).Elements.ShouldBeEmpty();
    }

    [Fact]
    public void Assembly_fails_loudly_when_a_node_is_missing()
    {
        var leaves = CompactRangeTests.RandomLeafHashes(4, seed: 1);

        // The source knows only 4 leaves; a proof in a tree of 8 needs more.
        Should.Throw<InvalidOperationException>(() => ProofPlanner.Inclusion(0, 8).Assemble(new ReferenceNodeSource(leaves)));
    }
}
