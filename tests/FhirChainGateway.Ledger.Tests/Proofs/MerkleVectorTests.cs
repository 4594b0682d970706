using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tests.Support;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Ledger.Tests.Proofs;

/// <summary>Every golden case of transparency-dev/merkle's testdata, with its wantErr respected.</summary>
public sealed class MerkleVectorTests
{
    public static TheoryData<string> InclusionCases => MerkleVectors.Cases("inclusion");

    public static TheoryData<string> ConsistencyCases => MerkleVectors.Cases("consistency");

    [TestDataTheory]
    [MemberData(nameof(InclusionCases))]
    public void Inclusion_vector(string file)
    {
        var vector = MerkleVectors.ReadInclusion(file);

        var result = ProofVerifier.VerifyInclusion(vector.LeafIndex, vector.TreeSize, vector.LeafHash, vector.Proof, vector.Root);

        result.IsValid.ShouldBe(!vector.WantError, $"{vector.Description}: {result.Message}");
    }

    [TestDataTheory]
    [MemberData(nameof(ConsistencyCases))]
    public void Consistency_vector(string file)
    {
        var vector = MerkleVectors.ReadConsistency(file);

        var result = ProofVerifier.VerifyConsistency(vector.Size1, vector.Size2, vector.Proof, vector.Root1, vector.Root2);

        result.IsValid.ShouldBe(!vector.WantError, $"{vector.Description}: {result.Message}");
    }

    [TestDataFact]
    public void The_vector_set_is_complete_and_has_both_outcomes()
    {
        // Guards against the theories passing vacuously on a truncated copy of the data.
        var inclusion = MerkleVectors.Files("inclusion").Select(MerkleVectors.ReadInclusion).ToList();
        var consistency = MerkleVectors.Files("consistency").Select(MerkleVectors.ReadConsistency).ToList();

        inclusion.Count.ShouldBeGreaterThanOrEqualTo(90);
        consistency.Count.ShouldBeGreaterThanOrEqualTo(90);
        inclusion.Count(v => !v.WantError).ShouldBeGreaterThanOrEqualTo(5);
        consistency.Count(v => !v.WantError).ShouldBeGreaterThanOrEqualTo(5);
    }

    [TestDataFact]
    public void Happy_path_inclusion_vectors_are_reproduced_by_the_proof_planner()
    {
        // The happy paths are over the RFC 6962 test leaves, so the planner must regenerate their proofs exactly.
        var leaves = Rfc6962KnownAnswers.LeafHashesHex.Select(Convert.FromHexString).ToList();
        var happy = MerkleVectors.Files("inclusion")
            .Select(MerkleVectors.ReadInclusion)
            .Where(v => !v.WantError && v.TreeSize <= 8 && v.Root.AsSpan().SequenceEqual(ReferenceMerkle.Root(leaves, (int)v.TreeSize)))
            .ToList();
        happy.Count.ShouldBeGreaterThan(0);

        foreach (var vector in happy)
        {
            var proof = ProofPlanner.Inclusion(vector.LeafIndex, vector.TreeSize).Assemble(new ReferenceNodeSource(leaves));
            proof.ShouldBe(vector.Proof, vector.Description);
        }
    }
}
