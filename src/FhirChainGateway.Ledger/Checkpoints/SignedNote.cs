using System.Text;

namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>
/// A C2SP signed note: text ending in a newline, a blank line, then one or more signature lines. Parsing
/// says nothing about trust; only <see cref="CheckpointVerifier"/> makes the text usable.
/// </summary>
public sealed record SignedNote
{
    /// <summary>
    /// signed-note asks verifiers to bound the signatures they look at and to accept at least 16; this
    /// leaves room for many witness cosignatures while keeping a hostile note cheap to reject.
    /// </summary>
    public const int MaxSignatures = 64;

    public SignedNote(string text, IReadOnlyList<NoteSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signatures);
        if (text.Length == 0 || !text.EndsWith('\n'))
        {
            throw new ArgumentException("Note text must be non-empty and end with a newline.", nameof(text));
        }

        if (signatures.Count == 0 || signatures.Count > MaxSignatures)
        {
            throw new ArgumentException($"A note carries 1 to {MaxSignatures} signatures.", nameof(signatures));
        }

        Text = text;
        Signatures = signatures;
    }

    /// <summary>The signed text, final newline included, blank separator line excluded.</summary>
    public string Text { get; }

    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>The whole note as it is published.</summary>
    public override string ToString()
    {
        var note = new StringBuilder(Text.Length + 128 * Signatures.Count);
        note.Append(Text).Append('\n');
        foreach (var signature in Signatures)
        {
            note.Append(signature.ToLine());
        }

        return note.ToString();
    }

    public byte[] ToUtf8() => NoteText.StrictUtf8.GetBytes(ToString());

    /// <summary>Reads a note from its UTF-8 bytes, rejecting invalid UTF-8.</summary>
    public static SignedNote Parse(ReadOnlySpan<byte> utf8)
    {
        string note;
        try
        {
            note = NoteText.StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw new NoteFormatException("A signed note must be valid UTF-8.", ex);
        }

        return Parse(note);
    }

    /// <summary>Reads a note; throws <see cref="NoteFormatException"/> when it is malformed.</summary>
    public static SignedNote Parse(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        NoteText.RequireNoControlCharacters(note, "A signed note");
        RequireWellFormedUtf16(note);
        if (!note.EndsWith('\n'))
        {
            throw new NoteFormatException("A signed note must end with a newline.");
        }

        // The text is separated from the signatures by the last empty line; the text itself may contain
        // empty lines, signature lines never do.
        var separator = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (separator < 0)
        {
            throw new NoteFormatException("A signed note needs a blank line between text and signatures.");
        }

        if (separator + 2 == note.Length)
        {
            throw new NoteFormatException("A signed note needs at least one signature line after the blank line.");
        }

        var text = note[..(separator + 1)];
        var lines = note[(separator + 2)..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            throw new NoteFormatException($"The note has more than {MaxSignatures} signatures.");
        }

        var signatures = new NoteSignature[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            signatures[i] = NoteSignature.ParseLine(lines[i]);
        }

        return new SignedNote(text, signatures);
    }

    public bool Equals(SignedNote? other) =>
        other is not null && Text == other.Text && Signatures.SequenceEqual(other.Signatures);

    public override int GetHashCode() => HashCode.Combine(Text, Signatures.Count);

    private static void RequireWellFormedUtf16(string note)
    {
        try
        {
            _ = NoteText.StrictUtf8.GetByteCount(note);
        }
        catch (EncoderFallbackException ex)
        {
            throw new NoteFormatException("A signed note must be valid Unicode text.", ex);
        }
    }
}
