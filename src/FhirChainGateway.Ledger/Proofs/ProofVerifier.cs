using System.Numerics;
using FhirChainGateway.Ledger.Hashing;

namespace FhirChainGateway.Ledger.Proofs;

/// <summary>
/// Offline verification of inclusion (RFC 9162 §2.1.3.2) and consistency (§2.1.4.2) proofs, following the
/// RFC's bit-walking algorithms step by step so that the code can be checked against the text.
/// </summary>
/// <remarks>
/// Hash lengths are checked wherever a hash is combined or compared with a computed value. With equal
/// tree sizes nothing is computed: the proof must be empty and the two roots identical byte strings,
/// which is how the transparency-dev/merkle reference vectors treat that case.
/// </remarks>
public static class ProofVerifier
{
    private const int HashSize = Rfc6962Hasher.HashSize;

    public static ProofVerificationResult VerifyInclusion(InclusionProof proof, ReadOnlySpan<byte> leafHash, ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return VerifyInclusion(proof.LeafIndex, proof.TreeSize, leafHash, proof.Hashes, rootHash);
    }

    /// <summary>Checks that <paramref name="leafHash"/> is leaf <paramref name="leafIndex"/> of the tree with root <paramref name="rootHash"/>.</summary>
    public static ProofVerificationResult VerifyInclusion(
        ulong leafIndex,
        ulong treeSize,
        ReadOnlySpan<byte> leafHash,
        IReadOnlyList<byte[]> proof,
        ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(proof);

        // Step 1.
        if (leafIndex >= treeSize)
        {
            return ProofVerificationResult.Fail(ProofFailure.LeafIndexOutOfRange, $"Leaf index {leafIndex} is not below tree size {treeSize}.");
        }

        if (leafHash.Length != HashSize || rootHash.Length != HashSize || !AllHashesSized(proof))
        {
            return WrongLength();
        }

        // Steps 2 and 3.
        var fn = leafIndex;
        var sn = treeSize - 1;
        Span<byte> r = stackalloc byte[HashSize];
        leafHash.CopyTo(r);

        // Step 4.
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return TooLong();
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                Rfc6962Hasher.HashChildren(p, r, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                Rfc6962Hasher.HashChildren(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // Step 5.
        if (sn != 0)
        {
            return TooShort();
        }

        return r.SequenceEqual(rootHash)
            ? ProofVerificationResult.Valid
            : ProofVerificationResult.Fail(ProofFailure.RootMismatch, "The inclusion proof leads to a different root hash.");
    }

    public static ProofVerificationResult VerifyConsistency(ConsistencyProof proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return VerifyConsistency(proof.FromSize, proof.ToSize, proof.Hashes, root1, root2);
    }

    /// <summary>Checks that the tree of <paramref name="size1"/> leaves with <paramref name="root1"/> is a prefix of the tree of <paramref name="size2"/> leaves with <paramref name="root2"/>.</summary>
    public static ProofVerificationResult VerifyConsistency(
        ulong size1,
        ulong size2,
        IReadOnlyList<byte[]> proof,
        ReadOnlySpan<byte> root1,
        ReadOnlySpan<byte> root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (size2 < size1)
        {
            return ProofVerificationResult.Fail(ProofFailure.SizesOutOfOrder, $"Second size {size2} is below first size {size1}.");
        }

        if (size1 == 0)
        {
            return ProofVerificationResult.Fail(ProofFailure.EmptyTreeConsistency, "A consistency proof from the empty tree is meaningless.");
        }

        if (size1 == size2)
        {
            if (proof.Count != 0)
            {
                return ProofVerificationResult.Fail(ProofFailure.WrongProofLength, "Equal tree sizes need an empty proof.");
            }

            return root1.SequenceEqual(root2)
                ? ProofVerificationResult.Valid
                : ProofVerificationResult.Fail(ProofFailure.RootMismatch, "Equal tree sizes with different root hashes.");
        }

        // Step 1.
        if (proof.Count == 0)
        {
            return ProofVerificationResult.Fail(ProofFailure.WrongProofLength, "Different tree sizes need a non-empty proof.");
        }

        if (root1.Length != HashSize || root2.Length != HashSize || !AllHashesSized(proof))
        {
            return WrongLength();
        }

        // Step 2: when size1 is a power of two the old root is itself a node of the new tree and is not
        // sent, so the walk starts from it; otherwise the first proof hash is that starting node.
        Span<byte> fr = stackalloc byte[HashSize];
        Span<byte> sr = stackalloc byte[HashSize];
        var next = 0;
        if (BitOperations.IsPow2(size1))
        {
            root1.CopyTo(fr);
        }
        else
        {
            proof[0].CopyTo(fr);
            next = 1;
        }

        // Steps 3 and 4.
        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        // Step 5.
        fr.CopyTo(sr);

        // Step 6.
        for (var i = next; i < proof.Count; i++)
        {
            var c = proof[i];
            if (sn == 0)
            {
                return TooLong();
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                Rfc6962Hasher.HashChildren(c, fr, fr);
                Rfc6962Hasher.HashChildren(c, sr, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                Rfc6962Hasher.HashChildren(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // Step 7.
        if (sn != 0)
        {
            return TooShort();
        }

        if (!fr.SequenceEqual(root1))
        {
            return ProofVerificationResult.Fail(ProofFailure.RootMismatch, "The consistency proof does not lead to the first root hash.");
        }

        return sr.SequenceEqual(root2)
            ? ProofVerificationResult.Valid
            : ProofVerificationResult.Fail(ProofFailure.RootMismatch, "The consistency proof does not lead to the second root hash.");
    }

    private static bool AllHashesSized(IReadOnlyList<byte[]> proof)
    {
        foreach (var hash in proof)
        {
            if (hash is null || hash.Length != HashSize)
            {
                return false;
            }
        }

        return true;
    }

    private static ProofVerificationResult WrongLength() =>
        ProofVerificationResult.Fail(ProofFailure.WrongHashLength, $"Every leaf, root and proof hash must be {HashSize} bytes.");

    private static ProofVerificationResult TooLong() =>
        ProofVerificationResult.Fail(ProofFailure.WrongProofLength, "The proof has more hashes than the tree sizes call for.");

    private static ProofVerificationResult TooShort() =>
        ProofVerificationResult.Fail(ProofFailure.WrongProofLength, "The proof has fewer hashes than the tree sizes call for.");
}
