using System.Security.Cryptography;

namespace FhirChainGateway.Ledger.Tests.Support;

/// <summary>The RFC recursions over one set of leaves, memoizing MTH of every range so large trees stay cheap.</summary>
public sealed class ReferenceTree(IReadOnlyList<byte[]> leafHashes)
{
    private readonly Dictionary<(int Begin, int End), byte[]> _roots = [];

    public byte[] Root(int begin, int end)
    {
        var n = end - begin;
        if (n == 0)
        {
            return SHA256.HashData([]);
        }

        if (n == 1)
        {
            return leafHashes[begin];
        }

        if (_roots.TryGetValue((begin, end), out var cached))
        {
            return cached;
        }

        var k = (int)ReferenceMerkle.SplitPoint(n);
        var root = ReferenceMerkle.NodeHash(Root(begin, begin + k), Root(begin + k, end));
        _roots[(begin, end)] = root;
        return root;
    }

    public List<byte[]> Path(int m, int begin, int end)
    {
        var n = end - begin;
        if (n == 1)
        {
            return [];
        }

        var k = (int)ReferenceMerkle.SplitPoint(n);
        if (m < k)
        {
            var path = Path(m, begin, begin + k);
            path.Add(Root(begin + k, end));
            return path;
        }
        else
        {
            var path = Path(m - k, begin + k, end);
            path.Add(Root(begin, begin + k));
            return path;
        }
    }

    public List<byte[]> Consistency(int m, int n) => SubProof(m, 0, n, true);

    private List<byte[]> SubProof(int m, int begin, int end, bool startFromOld)
    {
        var n = end - begin;
        if (m == n)
        {
            return startFromOld ? [] : [Root(begin, end)];
        }

        var k = (int)ReferenceMerkle.SplitPoint(n);
        if (m <= k)
        {
            var proof = SubProof(m, begin, begin + k, startFromOld);
            proof.Add(Root(begin + k, end));
            return proof;
        }
        else
        {
            var proof = SubProof(m - k, begin + k, end, false);
            proof.Add(Root(begin, begin + k));
            return proof;
        }
    }
}
