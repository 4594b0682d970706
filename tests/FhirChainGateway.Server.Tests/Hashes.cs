using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Server.Tests;

/// <summary>Recomputes content hashes the way an outside auditor would: canonical JSON of what the API returned.</summary>
internal static class Hashes
{
    private static readonly Lazy<FhirCanonicalJson> Canonical = new(() => new FhirCanonicalJson(FhirDefinitions.Load(DefinitionsLocator.Locate([FhirChainGateway.TestSupport.TestData.RepositoryRoot], Environment.GetEnvironmentVariable))));

    public static byte[] Canonicalize(byte[] json) => Canonical.Value.Canonicalize(json);

    /// <summary>SHA-256(salt ‖ canonical JSON), hex, computed here independently of the gateway's code.</summary>
    public static string Commitment(byte[] salt, byte[] json) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. salt, .. Canonicalize(json)]));

    /// <summary>
    /// RFC 9162 Merkle tree hash over leaf data, written out here on purpose (not the ledger library's code),
    /// so the test checks the ledger against an independent recomputation.
    /// </summary>
    public static byte[] MerkleRoot(IReadOnlyList<byte[]> leafData)
    {
        var level = leafData.Select(d => System.Security.Cryptography.SHA256.HashData([0x00, .. d])).ToList();
        if (level.Count == 0)
        {
            return System.Security.Cryptography.SHA256.HashData([]);
        }

        return Subtree(level, 0, level.Count);

        static byte[] Subtree(List<byte[]> leaves, int start, int count)
        {
            if (count == 1)
            {
                return leaves[start];
            }

            var split = 1;
            while (split * 2 < count)
            {
                split *= 2;
            }

            return System.Security.Cryptography.SHA256.HashData([0x01, .. Subtree(leaves, start, split), .. Subtree(leaves, start + split, count - split)]);
        }
    }
}
