using System.Text;

namespace FhirChainGateway.Ledger.Checkpoints;

/// <summary>Lexical rules C2SP signed-note puts on note text, key names and base64 fields.</summary>
internal static class NoteText
{
    /// <summary>Strict UTF-8: a note with invalid bytes is rejected rather than silently repaired.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void RequireNoControlCharacters(string text, string what)
    {
        foreach (var c in text)
        {
            if (IsForbiddenControl(c))
            {
                throw new NoteFormatException($"{what} contains a control character other than newline.");
            }
        }
    }

    /// <summary>signed-note forbids the ASCII control characters below U+0020 except newline.</summary>
    public static bool IsForbiddenControl(char c) => c < 0x20 && c != '\n';

    /// <summary>Key names are non-empty and have no Unicode spaces and no '+' (they are also the vkey separator).</summary>
    public static bool IsValidKeyName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || c == '+' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    public static void RequireValidKeyName(string name, string parameterName)
    {
        if (!IsValidKeyName(name))
        {
            throw new ArgumentException("Key names must be non-empty, without spaces, '+' or control characters.", parameterName);
        }
    }

    /// <summary>Decodes standard base64 and insists on the canonical encoding, so one value has exactly one spelling.</summary>
    public static bool TryDecodeCanonicalBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 != 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/' || c == '='))
            {
                return false;
            }
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return Convert.ToBase64String(bytes) == text;
    }
}
