using System.Security.Cryptography;

namespace FhirChainGateway.Ledger.Tests.Support;

/// <summary>
/// A deliberately naive transcription of RFC 9162 §2.1: MTH, PATH and PROOF as recursive definitions, and
/// verifiers that rebuild the roots by the same recursion. It shares no code with the library (it even
/// hashes on its own), so agreement between the two is evidence rather than tautology.
/// </summary>
internal static class ReferenceMerkle
{
    public static byte[] LeafHash(byte[] data) => SHA256.HashData([0x00, .. data]);

    public static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[begin:end]) over leaf hashes.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes, int begin, int end) => new ReferenceTree(leafHashes).Root(begin, end);

    public static byte[] Root(IReadOnlyList<byte[]> leafHashes, int size) => Root(leafHashes, 0, size);

    /// <summary>PATH(m, D[begin:end]).</summary>
    public static List<byte[]> Path(IReadOnlyList<byte[]> leafHashes, int m, int begin, int end) => new ReferenceTree(leafHashes).Path(m, begin, end);

    /// <summary>PROOF(m, D[n]) = SUBPROOF(m, D[n], true).</summary>
    public static List<byte[]> Consistency(IReadOnlyList<byte[]> leafHashes, int m, int n) => new ReferenceTree(leafHashes).Consistency(m, n);

    /// <summary>Rebuilds the root from an inclusion proof by PATH's recursion; null when the proof has the wrong shape.</summary>
    public static byte[]? RootFromInclusion(long m, long n, byte[] leafHash, IReadOnlyList<byte[]> proof)
    {
        if (m < 0 || m >= n)
        {
            return null;
        }

        var remaining = proof.Count;
        var root = RootFromPath(m, n, leafHash, proof, ref remaining);
        return root is not null && remaining == 0 ? root : null;
    }

    /// <summary>Checks a consistency proof for 0 &lt; m &lt; n by SUBPROOF's recursion.</summary>
    public static bool VerifyConsistency(long m, long n, IReadOnlyList<byte[]> proof, byte[] root1, byte[] root2)
    {
        if (m <= 0 || m >= n)
        {
            return false;
        }

        var remaining = proof.Count;
        var roots = RootsFromSubProof(m, n, true, root1, proof, ref remaining);
        return roots is not null && remaining == 0
            && roots.Value.Old.AsSpan().SequenceEqual(root1) && roots.Value.New.AsSpan().SequenceEqual(root2);
    }

    /// <summary>The largest power of two strictly less than n.</summary>
    public static long SplitPoint(long n)
    {
        var k = 1L;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    // The last proof element belongs to the top split; recursion consumes the proof from the end.
    private static byte[]? RootFromPath(long m, long n, byte[] leafHash, IReadOnlyList<byte[]> proof, ref int remaining)
    {
        if (n == 1)
        {
            return leafHash;
        }

        if (remaining == 0)
        {
            return null;
        }

        var sibling = proof[--remaining];
        var k = SplitPoint(n);
        if (m < k)
        {
            var left = RootFromPath(m, k, leafHash, proof, ref remaining);
            return left is null ? null : NodeHash(left, sibling);
        }

        var right = RootFromPath(m - k, n - k, leafHash, proof, ref remaining);
        return right is null ? null : NodeHash(sibling, right);
    }

    private static (byte[] Old, byte[] New)? RootsFromSubProof(long m, long n, bool startFromOld, byte[] root1, IReadOnlyList<byte[]> proof, ref int remaining)
    {
        if (m == n)
        {
            if (startFromOld)
            {
                return (root1, root1);
            }

            if (remaining == 0)
            {
                return null;
            }

            var node = proof[--remaining];
            return (node, node);
        }

        if (remaining == 0)
        {
            return null;
        }

        var last = proof[--remaining];
        var k = SplitPoint(n);
        if (m <= k)
        {
            var left = RootsFromSubProof(m, k, startFromOld, root1, proof, ref remaining);
            return left is null ? null : (left.Value.Old, NodeHash(left.Value.New, last));
        }

        var right = RootsFromSubProof(m - k, n - k, false, root1, proof, ref remaining);
        return right is null ? null : (NodeHash(last, right.Value.Old), NodeHash(last, right.Value.New));
    }
}
