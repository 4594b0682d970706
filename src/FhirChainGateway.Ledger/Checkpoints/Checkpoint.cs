using System.Globalization;
using System.Text;
using FhirChainGateway.Ledger.Hashing;

namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>
/// A C2SP tlog-checkpoint body: origin line, decimal tree size, base64 root hash, then optional
/// extension lines, each ending in a newline. Only meaningful inside a verified <see cref="SignedNote"/>.
/// </summary>
public sealed record Checkpoint
{
    public Checkpoint(string origin, ulong treeSize, byte[] rootHash, IReadOnlyList<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(rootHash);
        if (origin.Length == 0 || origin.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("The origin must be a non-empty single line.", nameof(origin));
        }

        if (rootHash.Length != Rfc6962Hasher.HashSize)
        {
            throw new ArgumentException($"Root hashes are {Rfc6962Hasher.HashSize} bytes.", nameof(rootHash));
        }

        if (origin.Any(NoteText.IsForbiddenControl))
        {
            throw new ArgumentException("The origin must not contain control characters.", nameof(origin));
        }

        extensions ??= [];
        foreach (var line in extensions)
        {
            // tlog-checkpoint: extension lines, if any, MUST be non-empty.
            if (string.IsNullOrEmpty(line) || line.Contains('\n', StringComparison.Ordinal) || line.Any(NoteText.IsForbiddenControl))
            {
                throw new ArgumentException("Extension lines must be non-empty single lines without control characters.", nameof(extensions));
            }
        }

        Origin = origin;
        TreeSize = treeSize;
        RootHash = rootHash;
        Extensions = extensions;
    }

    /// <summary>The log's identity, conventionally a schema-less URL such as <c>example.com/log</c>.</summary>
    public string Origin { get; }

    public ulong TreeSize { get; }

    public byte[] RootHash { get; }

    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The note text that gets signed, ending in a newline.</summary>
    public string ToNoteText()
    {
        var text = new StringBuilder();
        text.Append(Origin).Append('\n');
        text.Append(TreeSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (var line in Extensions)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Reads a checkpoint body (the text of a signed note, not the whole note).</summary>
    /// <exception cref="NoteFormatException">The text is not a valid tlog-checkpoint body.</exception>
    public static Checkpoint ParseNoteText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n'))
        {
            throw new NoteFormatException("Checkpoint text must end with a newline.");
        }

        NoteText.RequireNoControlCharacters(text, "Checkpoint text");
        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new NoteFormatException("A checkpoint has at least three lines: origin, tree size and root hash.");
        }

        var origin = lines[0];
        if (origin.Length == 0)
        {
            throw new NoteFormatException("The checkpoint origin is empty.");
        }

        var sizeText = lines[1];
        if (sizeText.Length == 0 || !sizeText.All(char.IsAsciiDigit) || (sizeText.Length > 1 && sizeText[0] == '0')
            || !ulong.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var treeSize))
        {
            throw new NoteFormatException("The tree size must be a decimal number without leading zeroes.");
        }

        if (!NoteText.TryDecodeCanonicalBase64(lines[2], out var rootHash) || rootHash.Length != Rfc6962Hasher.HashSize)
        {
            throw new NoteFormatException($"The root hash must be {Rfc6962Hasher.HashSize} bytes in standard base64.");
        }

        var extensions = lines[3..];
        if (extensions.Any(string.IsNullOrEmpty))
        {
            throw new NoteFormatException("Checkpoint extension lines must be non-empty.");
        }

        return new Checkpoint(origin, treeSize, rootHash, extensions);
    }

    public bool Equals(Checkpoint? other) =>
        other is not null
        && Origin == other.Origin
        && TreeSize == other.TreeSize
        && RootHash.AsSpan().SequenceEqual(other.RootHash)
        && Extensions.SequenceEqual(other.Extensions);

    public override int GetHashCode() => HashCode.Combine(Origin, TreeSize, Convert.ToBase64String(RootHash));
}
