using System.Security.Cryptography;

namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>A log signing key: a key name and an ECDSA P-256 private key. Dispose to release the key.</summary>
public sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    private CheckpointSigner(string keyName, ECDsa key)
    {
        NoteText.RequireValidKeyName(keyName, nameof(keyName));
        EcdsaNoteKey.RequireP256(key);
        KeyName = keyName;
        _key = key;
        PublicKey = CheckpointPublicKey.FromSubjectPublicKeyInfo(keyName, key.ExportSubjectPublicKeyInfo());
    }

    public string KeyName { get; }

    public CheckpointPublicKey PublicKey { get; }

    public uint KeyId => PublicKey.KeyId;

    /// <summary>A new random P-256 key.</summary>
    public static CheckpointSigner Generate(string keyName) =>
        Own(keyName, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a PKCS#8 <c>PRIVATE KEY</c> or SEC1 <c>EC PRIVATE KEY</c> PEM.</summary>
    public static CheckpointSigner FromPem(string keyName, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return Own(keyName, key);
    }

    /// <summary>The private key as PKCS#8 PEM, for storing in a secret store.</summary>
    public string ExportPrivateKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>Signs note text (which must end in a newline) into one signature line.</summary>
    public NoteSignature Sign(string noteText)
    {
        ArgumentNullException.ThrowIfNull(noteText);
        var message = NoteText.StrictUtf8.GetBytes(noteText);
        var signature = _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new NoteSignature(KeyName, KeyId, signature);
    }

    /// <summary>Signs a checkpoint with every signer given: during a key rotation both old and new keys sign.</summary>
    public static SignedNote SignCheckpoint(Checkpoint checkpoint, IReadOnlyList<CheckpointSigner> signers)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(signers);
        if (signers.Count == 0)
        {
            throw new ArgumentException("At least one signer is needed.", nameof(signers));
        }

        var text = checkpoint.ToNoteText();
        return new SignedNote(text, [.. signers.Select(signer => signer.Sign(text))]);
    }

    public void Dispose() => _key.Dispose();

    private static CheckpointSigner Own(string keyName, ECDsa key)
    {
        try
        {
            return new CheckpointSigner(keyName, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
