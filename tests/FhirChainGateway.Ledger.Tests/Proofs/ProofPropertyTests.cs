using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tests.Support;

namespace FhirChainGateway.Ledger.Tests.Proofs;

/// <summary>
/// Seeded random checks over one 100,000-leaf log built by the real sequencer and integrator (in uneven
/// integration chunks, with a tiny tile cache so tiles are re-read and re-expanded): proofs for random
/// sizes verify, equal the RFC recursion's proofs, and stop verifying when any single bit changes.
/// </summary>
public sealed class ProofPropertyTests : IClassFixture<ProofPropertyTests.HundredThousandLeafLog>
{
    private const int Seed = 20260101;
    private const int SizeSamples = 36;
    private const int ProofsPerSize = 3;

    private readonly HundredThousandLeafLog _log;

    public ProofPropertyTests(HundredThousandLeafLog log) => _log = log;

    [Fact]
    public async Task Integrated_root_equals_the_reference_root_over_all_leaves()
    {
        var head = await _log.Log.GetTreeHeadAsync(CancellationToken.None);

        head.TreeSize.ShouldBe((ulong)HundredThousandLeafLog.Size);
        head.RootHash.ShouldBe(_log.Reference.Root(0, HundredThousandLeafLog.Size));
    }

    [Fact]
    public async Task Inclusion_proofs_at_random_sizes_verify_match_the_rfc_and_break_on_any_bit_flip()
    {
        var random = new Random(Seed);
        var sizeFlipsRejected = 0;
        foreach (var size in RandomSizes(random))
        {
            var root = _log.Reference.Root(0, size);
            (await _log.Log.Reader.GetRootHashAsync((ulong)size, CancellationToken.None)).ShouldBe(root, $"root at {size}");

            for (var p = 0; p < ProofsPerSize; p++)
            {
                var index = random.Next(size);
                var leaf = _log.LeafHashes[index];
                var proof = await _log.Log.GetInclusionProofAsync((ulong)index, (ulong)size, CancellationToken.None);
                var context = $"leaf {index} of {size}";

                proof.Hashes.ShouldBe(_log.Reference.Path(index, 0, size), context);
                ProofVerifier.VerifyInclusion(proof, leaf, root).IsValid.ShouldBeTrue(context);

                ProofVerifier.VerifyInclusion(proof, FlipRandomBit(leaf, random), root).IsValid.ShouldBeFalse($"{context}, leaf flipped");
                ProofVerifier.VerifyInclusion(proof, leaf, FlipRandomBit(root, random)).IsValid.ShouldBeFalse($"{context}, root flipped");
                for (var e = 0; e < proof.Hashes.Count; e++)
                {
                    var tampered = proof.Hashes.ToArray();
                    tampered[e] = FlipRandomBit(tampered[e], random);
                    ProofVerifier.VerifyInclusion((ulong)index, (ulong)size, leaf, tampered, root).IsValid.ShouldBeFalse($"{context}, proof[{e}] flipped");
                }

                // The index is part of the path's shape: flipping any of its bits breaks the proof.
                for (var bit = 0; bit < 17; bit++)
                {
                    var otherIndex = (ulong)index ^ (1UL << bit);
                    ProofVerifier.VerifyInclusion(otherIndex, (ulong)size, leaf, proof.Hashes, root).IsValid.ShouldBeFalse($"{context}, index bit {bit}");
                }

                // An inclusion proof does not bind the tree size (the signed checkpoint does), so a flipped size
                // must be judged exactly as the RFC recursion judges it: valid only if the path keeps its shape.
                for (var bit = 0; bit < 17; bit++)
                {
                    var otherSize = (ulong)size ^ (1UL << bit);
                    var verdict = ProofVerifier.VerifyInclusion((ulong)index, otherSize, leaf, proof.Hashes, root).IsValid;
                    var reference = ReferenceMerkle.RootFromInclusion(index, (long)otherSize, leaf, proof.Hashes)?.AsSpan().SequenceEqual(root) ?? false;
                    verdict.ShouldBe(reference, $"{context}, size bit {bit}");
                    sizeFlipsRejected += verdict ? 0 : 1;
                }
            }
        }

        // Both verdicts must occur, or the comparison with the reference above proved nothing. (About 70% of
        // size flips leave a random leaf's path shape intact: only the bits above where the leaf's path
        // leaves the right edge matter.)
        sizeFlipsRejected.ShouldBeInRange(1, (SizeSamples * ProofsPerSize * 17) - 1);
    }

    [Fact]
    public async Task Consistency_proofs_between_random_sizes_verify_match_the_rfc_and_break_on_any_bit_flip()
    {
        var random = new Random(Seed + 1);
        var sizeFlipsRejected = 0;
        foreach (var size2 in RandomSizes(random))
        {
            var root2 = _log.Reference.Root(0, size2);
            for (var p = 0; p < ProofsPerSize; p++)
            {
                var size1 = random.Next(1, size2 + 1);
                var root1 = _log.Reference.Root(0, size1);
                var proof = await _log.Log.GetConsistencyProofAsync((ulong)size1, (ulong)size2, CancellationToken.None);
                var context = $"{size1} -> {size2}";

                proof.Hashes.ShouldBe(_log.Reference.Consistency(size1, size2), context);
                ProofVerifier.VerifyConsistency(proof, root1, root2).IsValid.ShouldBeTrue(context);
                if (size1 == size2)
                {
                    continue;
                }

                ProofVerifier.VerifyConsistency(proof, FlipRandomBit(root1, random), root2).IsValid.ShouldBeFalse($"{context}, root1 flipped");
                ProofVerifier.VerifyConsistency(proof, root1, FlipRandomBit(root2, random)).IsValid.ShouldBeFalse($"{context}, root2 flipped");
                for (var e = 0; e < proof.Hashes.Count; e++)
                {
                    var tampered = proof.Hashes.ToArray();
                    tampered[e] = FlipRandomBit(tampered[e], random);
                    ProofVerifier.VerifyConsistency((ulong)size1, (ulong)size2, tampered, root1, root2).IsValid.ShouldBeFalse($"{context}, proof[{e}] flipped");
                }

                for (var bit = 0; bit < 17; bit++)
                {
                    sizeFlipsRejected += CheckSizeFlip((ulong)size1 ^ (1UL << bit), (ulong)size2, proof, root1, root2, $"{context}, size1 bit {bit}");
                    sizeFlipsRejected += CheckSizeFlip((ulong)size1, (ulong)size2 ^ (1UL << bit), proof, root1, root2, $"{context}, size2 bit {bit}");
                }
            }
        }

        sizeFlipsRejected.ShouldBeInRange(1, (SizeSamples * ProofsPerSize * 34) - 1);
    }

    [Fact]
    public async Task Proof_by_leaf_hash_finds_the_first_occurrence()
    {
        var random = new Random(Seed + 2);
        for (var i = 0; i < 20; i++)
        {
            var index = random.Next(HundredThousandLeafLog.Size);
            var proof = await _log.Log.GetInclusionProofByLeafHashAsync(_log.LeafHashes[index], HundredThousandLeafLog.Size, CancellationToken.None);

            // Short random leaves repeat in 100,000 draws, so "first occurrence" is a real distinction here.
            var first = _log.LeafHashes.FindIndex(hash => hash.AsSpan().SequenceEqual(_log.LeafHashes[index]));
            proof.ShouldNotBeNull();
            proof.LeafIndex.ShouldBe((ulong)first);
            ProofVerifier.VerifyInclusion(proof, _log.LeafHashes[index], _log.Reference.Root(0, HundredThousandLeafLog.Size)).IsValid.ShouldBeTrue();
            (await _log.Log.GetInclusionProofByLeafHashAsync(_log.LeafHashes[index], (ulong)first, CancellationToken.None)).ShouldBeNull("not yet in the smaller tree");
        }
    }

    private static int CheckSizeFlip(ulong size1, ulong size2, ConsistencyProof proof, byte[] root1, byte[] root2, string context)
    {
        var verdict = ProofVerifier.VerifyConsistency(size1, size2, proof.Hashes, root1, root2).IsValid;
        var reference = size1 == size2
            ? proof.Hashes.Count == 0 && root1.AsSpan().SequenceEqual(root2)
            : ReferenceMerkle.VerifyConsistency((long)size1, (long)size2, proof.Hashes, root1, root2);
        verdict.ShouldBe(reference, context);
        return verdict ? 0 : 1;
    }

    private static IEnumerable<int> RandomSizes(Random random)
    {
        // Edge sizes first (powers of two and their neighbours, the full log), then uniform ones.
        int[] edges = [1, 2, 3, 255, 256, 257, 65_535, 65_536, 65_537, HundredThousandLeafLog.Size];
        return edges.Concat(Enumerable.Range(0, SizeSamples - edges.Length).Select(_ => random.Next(1, HundredThousandLeafLog.Size + 1)));
    }

    private static byte[] FlipRandomBit(byte[] hash, Random random)
    {
        var flipped = hash.ToArray();
        var bit = random.Next(flipped.Length * 8);
        flipped[bit / 8] ^= (byte)(1 << (bit % 8));
        return flipped;
    }

    /// <summary>Built once for the class: sequencing and integrating 100,000 leaves takes about a second.</summary>
    public sealed class HundredThousandLeafLog : IAsyncLifetime
    {
        public const int Size = 100_000;

        private readonly CheckpointSigner _signer = CheckpointSigner.Generate(LogFixtures.Origin);
        private readonly List<LogEntry> _entries = LogFixtures.Entries(Size, seed: Seed);

        public HundredThousandLeafLog()
        {
            Log = LogFixtures.CreateLog(new InMemoryLogStorage(), _signer, tileCacheCapacity: 8, maxLeavesPerIntegration: 7_919);
            LeafHashes = [.. _entries.Select(e => ReferenceMerkle.LeafHash(e.Data.ToArray()))];
            Reference = new ReferenceTree(LeafHashes);
        }

        public TransparencyLog Log { get; }

        public List<byte[]> LeafHashes { get; }

        public ReferenceTree Reference { get; }

        public async Task InitializeAsync()
        {
            var random = new Random(Seed);
            var position = 0;
            while (position < Size)
            {
                var batch = Math.Min(random.Next(1, 6_000), Size - position);
                await Log.SequenceAsync(_entries.GetRange(position, batch), CancellationToken.None);
                position += batch;
                if (random.Next(3) == 0 || position == Size)
                {
                    await Log.IntegrateAsync(CancellationToken.None);
                }
            }
        }

        public Task DisposeAsync()
        {
            Log.Dispose();
            _signer.Dispose();
            return Task.CompletedTask;
        }
    }
}
