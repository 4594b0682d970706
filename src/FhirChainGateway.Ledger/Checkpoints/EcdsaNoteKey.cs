using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>
/// The ECDSA signature type of C2SP signed-note and how its key ID is derived.
/// </summary>
/// <remarks>
/// signed-note recommends key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4] in general,
/// but assigns ECDSA the type byte 0x02, defined as "ECDSA signatures as implemented by
/// github.com/transparency-dev/witness", and states that for this type "the key ID is the truncated
/// SHA-256 hash of the DER encoded public key in SPKI format". We follow the type-specific rule so that
/// our checkpoints verify with transparency-dev tooling (and Rekor-style verifier keys):
/// <code>key ID = big-endian uint32 of SHA-256(SubjectPublicKeyInfo DER)[:4]</code>
/// The signature is ASN.1 DER (r, s) over SHA-256 of the note text, curve NIST P-256, as that
/// implementation verifies it. The verifier key string is <c>name+hex(key ID)+base64(0x02 ‖ SPKI DER)</c>.
/// </remarks>
public static class EcdsaNoteKey
{
    /// <summary>signed-note signature type identifier for ECDSA.</summary>
    public const byte SignatureType = 0x02;

    /// <summary>The key ID for an ECDSA public key given as DER SubjectPublicKeyInfo.</summary>
    public static uint KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(subjectPublicKeyInfo, digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }

    /// <summary>Refuses anything but a P-256 key: the one curve signed-note says ECDSA notes SHOULD use.</summary>
    internal static void RequireP256(ECDsa key)
    {
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        if (curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new ArgumentException("Checkpoint keys must be ECDSA on NIST P-256.", nameof(key));
        }
    }
}
