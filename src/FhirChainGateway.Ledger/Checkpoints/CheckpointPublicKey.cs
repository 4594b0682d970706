using System.Globalization;
using System.Security.Cryptography;

namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>A named ECDSA P-256 public key that checkpoints are verified against.</summary>
public sealed record CheckpointPublicKey
{
    private CheckpointPublicKey(string keyName, byte[] subjectPublicKeyInfo)
    {
        KeyName = keyName;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        KeyId = EcdsaNoteKey.KeyIdOf(subjectPublicKeyInfo);
    }

    /// <summary>The key name in signature lines; by tlog-checkpoint convention the log's origin.</summary>
    public string KeyName { get; }

    /// <summary>DER SubjectPublicKeyInfo.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>See <see cref="EcdsaNoteKey"/> for how it is derived.</summary>
    public uint KeyId { get; }

    public static CheckpointPublicKey FromSubjectPublicKeyInfo(string keyName, ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        NoteText.RequireValidKeyName(keyName, nameof(keyName));
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
        if (read != subjectPublicKeyInfo.Length)
        {
            throw new ArgumentException("Trailing bytes after the SubjectPublicKeyInfo.", nameof(subjectPublicKeyInfo));
        }

        EcdsaNoteKey.RequireP256(key);

        // Re-export so the key ID is computed over the canonical DER whatever the input looked like.
        return new CheckpointPublicKey(keyName, key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Reads a <c>-----BEGIN PUBLIC KEY-----</c> PEM (a private key PEM also works; only its public half is kept).</summary>
    public static CheckpointPublicKey FromPem(string keyName, string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return FromSubjectPublicKeyInfo(keyName, key.ExportSubjectPublicKeyInfo());
    }

    public string ToPem() => PemEncoding.WriteString("PUBLIC KEY", SubjectPublicKeyInfo);

    /// <summary>The note verifier key string: <c>name+hex(key ID)+base64(0x02 ‖ SPKI DER)</c>.</summary>
    public string ToVerifierKey()
    {
        var typed = new byte[1 + SubjectPublicKeyInfo.Length];
        typed[0] = EcdsaNoteKey.SignatureType;
        SubjectPublicKeyInfo.CopyTo(typed, 1);
        return string.Create(CultureInfo.InvariantCulture, $"{KeyName}+{KeyId:x8}+{Convert.ToBase64String(typed)}");
    }

    /// <summary>Reads a verifier key string, checking its key ID against the key.</summary>
    /// <exception cref="FormatException">The string is malformed, not ECDSA, or its key ID does not match.</exception>
    public static CheckpointPublicKey ParseVerifierKey(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        var parts = verifierKey.Split('+', 3);
        if (parts.Length != 3 || !NoteText.IsValidKeyName(parts[0]) || parts[1].Length != 8
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId)
            || !NoteText.TryDecodeCanonicalBase64(parts[2], out var typed) || typed.Length < 2)
        {
            throw new FormatException("A verifier key reads name+hex key ID+base64 key.");
        }

        if (typed[0] != EcdsaNoteKey.SignatureType)
        {
            throw new FormatException($"Only ECDSA verifier keys (type 0x{EcdsaNoteKey.SignatureType:x2}) are supported.");
        }

        CheckpointPublicKey key;
        try
        {
            key = FromSubjectPublicKeyInfo(parts[0], typed.AsSpan(1));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new FormatException("The verifier key does not hold a P-256 public key.", ex);
        }

        if (key.KeyId != keyId)
        {
            throw new FormatException("The verifier key's key ID does not match its public key.");
        }

        return key;
    }

    /// <summary>True when <paramref name="signature"/> is this key's signature over <paramref name="message"/>.</summary>
    internal bool Verifies(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(SubjectPublicKeyInfo, out _);
        try
        {
            return key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            // A signature that is not even valid DER is simply not a valid signature.
            return false;
        }
    }

    public bool Equals(CheckpointPublicKey? other) =>
        other is not null && KeyName == other.KeyName && SubjectPublicKeyInfo.AsSpan().SequenceEqual(other.SubjectPublicKeyInfo);

    public override int GetHashCode() => HashCode.Combine(KeyName, KeyId);
}
