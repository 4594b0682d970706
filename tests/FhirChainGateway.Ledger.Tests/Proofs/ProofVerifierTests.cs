using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tests.Support;

namespace FhirChainGateway.Ledger.Tests.Proofs;

public sealed class ProofVerifierTests
{
    private static readonly List<byte[]> Leaves = [.. Rfc6962KnownAnswers.LeafHashesHex.Select(Convert.FromHexString)];

    [Fact]
    public void Known_inclusion_proofs_verify()
    {
        foreach (var (index, size, proof) in Rfc6962KnownAnswers.InclusionProofs)
        {
            var result = ProofVerifier.VerifyInclusion(index, size, Leaves[(int)index], [.. proof.Select(Convert.FromHexString)], Rfc6962KnownAnswers.Root((int)size));

            result.IsValid.ShouldBeTrue(result.Message);
        }
    }

    [Fact]
    public void Known_consistency_proofs_verify()
    {
        foreach (var (size1, size2, proof) in Rfc6962KnownAnswers.ConsistencyProofs)
        {
            var result = ProofVerifier.VerifyConsistency(size1, size2, [.. proof.Select(Convert.FromHexString)], Rfc6962KnownAnswers.Root((int)size1), Rfc6962KnownAnswers.Root((int)size2));

            result.IsValid.ShouldBeTrue(result.Message);
        }
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 1UL)]
    [InlineData(8UL, 8UL)]
    [InlineData(ulong.MaxValue, 8UL)]
    public void Index_at_or_beyond_the_size_is_an_error(ulong index, ulong size)
    {
        var result = ProofVerifier.VerifyInclusion(index, size, Leaves[0], [], Leaves[0]);

        result.Failure.ShouldBe(ProofFailure.LeafIndexOutOfRange);
    }

    [Fact]
    public void Hashes_of_the_wrong_length_are_rejected()
    {
        var (index, size, hex) = Rfc6962KnownAnswers.InclusionProofs[0];
        var proof = hex.Select(Convert.FromHexString).ToArray();
        var root = Rfc6962KnownAnswers.Root((int)size);

        ProofVerifier.VerifyInclusion(index, size, Leaves[0][..31], proof, root).Failure.ShouldBe(ProofFailure.WrongHashLength);
        ProofVerifier.VerifyInclusion(index, size, Leaves[0], proof, [.. root, 0]).Failure.ShouldBe(ProofFailure.WrongHashLength);
        ProofVerifier.VerifyInclusion(index, size, Leaves[0], [proof[0], proof[1][..16], proof[2]], root).Failure.ShouldBe(ProofFailure.WrongHashLength);
        ProofVerifier.VerifyConsistency(2, 5, [new byte[32], new byte[31]], Rfc6962KnownAnswers.Root(2), Rfc6962KnownAnswers.Root(5))
            .Failure.ShouldBe(ProofFailure.WrongHashLength);
    }

    [Fact]
    public void Proofs_of_the_wrong_length_are_rejected()
    {
        var (index, size, hex) = Rfc6962KnownAnswers.InclusionProofs[1];
        var proof = hex.Select(Convert.FromHexString).ToArray();
        var root = Rfc6962KnownAnswers.Root((int)size);

        ProofVerifier.VerifyInclusion(index, size, Leaves[(int)index], proof[..2], root).Failure.ShouldBe(ProofFailure.WrongProofLength);
        ProofVerifier.VerifyInclusion(index, size, Leaves[(int)index], [.. proof, root], root).Failure.ShouldBe(ProofFailure.WrongProofLength);
    }

    [Fact]
    public void Consistency_from_the_empty_tree_is_an_error_even_to_the_empty_tree()
    {
        var empty = Rfc6962Hasher.EmptyRootHash();

        ProofVerifier.VerifyConsistency(0, 0, [], empty, empty).Failure.ShouldBe(ProofFailure.EmptyTreeConsistency);
        ProofVerifier.VerifyConsistency(0, 3, [], empty, Rfc6962KnownAnswers.Root(3)).Failure.ShouldBe(ProofFailure.EmptyTreeConsistency);
    }

    [Fact]
    public void Equal_sizes_need_an_empty_proof_and_equal_roots()
    {
        var root = Rfc6962KnownAnswers.Root(5);

        ProofVerifier.VerifyConsistency(5, 5, [], root, root).IsValid.ShouldBeTrue();
        ProofVerifier.VerifyConsistency(5, 5, [root], root, root).Failure.ShouldBe(ProofFailure.WrongProofLength);
        ProofVerifier.VerifyConsistency(5, 5, [], root, Rfc6962KnownAnswers.Root(4)).Failure.ShouldBe(ProofFailure.RootMismatch);
    }

    [Fact]
    public void Shrinking_trees_and_empty_proofs_between_different_sizes_are_rejected()
    {
        ProofVerifier.VerifyConsistency(5, 4, [], Rfc6962KnownAnswers.Root(5), Rfc6962KnownAnswers.Root(4)).Failure.ShouldBe(ProofFailure.SizesOutOfOrder);
        ProofVerifier.VerifyConsistency(4, 5, [], Rfc6962KnownAnswers.Root(4), Rfc6962KnownAnswers.Root(5)).Failure.ShouldBe(ProofFailure.WrongProofLength);
    }

    [Fact]
    public void Swapped_roots_do_not_verify()
    {
        var (size1, size2, hex) = Rfc6962KnownAnswers.ConsistencyProofs[2];
        var proof = hex.Select(Convert.FromHexString).ToArray();

        var result = ProofVerifier.VerifyConsistency(size1, size2, proof, Rfc6962KnownAnswers.Root((int)size2), Rfc6962KnownAnswers.Root((int)size1));

        result.Failure.ShouldBe(ProofFailure.RootMismatch);
    }

    [Fact]
    public void Inclusion_proofs_do_not_bind_the_tree_size_which_is_why_checkpoints_sign_it()
    {
        // RFC 6962 property, kept visible on purpose: leaf 0's path in a 5-leaf tree has the same shape
        // (three right-hand siblings) in a 7-leaf tree, so the same proof and root verify for both sizes.
        // Only the signed checkpoint ties a root to its size.
        var leaves = Leaves.Take(5).ToList();
        var proof = ReferenceMerkle.Path(leaves, 0, 0, 5);
        var root = ReferenceMerkle.Root(leaves, 5);

        ProofVerifier.VerifyInclusion(0, 5, leaves[0], proof, root).IsValid.ShouldBeTrue();
        ProofVerifier.VerifyInclusion(0, 7, leaves[0], proof, root).IsValid.ShouldBeTrue();
        ProofVerifier.VerifyInclusion(0, 4, leaves[0], proof, root).IsValid.ShouldBeFalse();
    }
}
