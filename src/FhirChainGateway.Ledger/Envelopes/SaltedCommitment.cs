using System.Security.Cryptography;

namespace FhirChainGateway.Ledger.Envelopes;

/// <summary>
/// <c>SHA-256(salt ‖ canonical JSON)</c> with a 128-bit random salt stored beside the resource version.
/// Without the salt the commitment cannot be tested against guessed content (a plain hash of a small
/// resource could be brute-forced); deleting the salt makes it permanently unlinkable (erasure).
/// </summary>
public static class SaltedCommitment
{
    public const int SaltLength = 16;

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltLength);

    /// <summary>Lower-case hex commitment.</summary>
    public static string Compute(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> canonicalJson)
    {
        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"A salt is {SaltLength} bytes, not {salt.Length}.", nameof(salt));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(salt);
        hash.AppendData(canonicalJson);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
