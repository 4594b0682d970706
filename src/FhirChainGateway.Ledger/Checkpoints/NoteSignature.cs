using System.Buffers.Binary;

namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>One signature line of a signed note: <c>— &lt;key name&gt; base64(key ID ‖ signature)</c>.</summary>
public sealed record NoteSignature
{
    /// <summary>The em dash (U+2014) and space that start every signature line.</summary>
    public const string LinePrefix = "\u2014 ";

    public NoteSignature(string keyName, uint keyId, byte[] signature)
    {
        NoteText.RequireValidKeyName(keyName, nameof(keyName));
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Length == 0)
        {
            throw new ArgumentException("A signature cannot be empty.", nameof(signature));
        }

        KeyName = keyName;
        KeyId = keyId;
        Signature = signature;
    }

    public string KeyName { get; }

    /// <summary>The 32-bit key ID, big-endian in the encoded line.</summary>
    public uint KeyId { get; }

    /// <summary>The signature proper, without the key ID.</summary>
    public byte[] Signature { get; }

    /// <summary>The signature line, newline included.</summary>
    public string ToLine()
    {
        var payload = new byte[4 + Signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, KeyId);
        Signature.CopyTo(payload, 4);
        return $"{LinePrefix}{KeyName} {Convert.ToBase64String(payload)}\n";
    }

    /// <summary>Reads one signature line without its newline.</summary>
    internal static NoteSignature ParseLine(string line)
    {
        if (!line.StartsWith(LinePrefix, StringComparison.Ordinal))
        {
            throw new NoteFormatException("A signature line must start with an em dash and a space.");
        }

        var rest = line[LinePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            throw new NoteFormatException("A signature line needs a key name and a signature separated by a space.");
        }

        var keyName = rest[..space];
        var encoded = rest[(space + 1)..];
        if (!NoteText.IsValidKeyName(keyName))
        {
            throw new NoteFormatException("A signature line has an invalid key name.");
        }

        if (!NoteText.TryDecodeCanonicalBase64(encoded, out var payload) || payload.Length <= 4)
        {
            throw new NoteFormatException("A signature must be standard base64 of a 4-byte key ID and a signature.");
        }

        return new NoteSignature(keyName, BinaryPrimitives.ReadUInt32BigEndian(payload), payload[4..]);
    }

    public bool Equals(NoteSignature? other) =>
        other is not null && KeyName == other.KeyName && KeyId == other.KeyId && Signature.AsSpan().SequenceEqual(other.Signature);

    public override int GetHashCode() => HashCode.Combine(KeyName, KeyId);
}
