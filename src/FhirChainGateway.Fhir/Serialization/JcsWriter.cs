using System.Buffers;
using System.Globalization;
using System.Text;

namespace FhirChainGateway.Fhir.Serialization;

/// <summary>
/// Low-level RFC 8785 output: strings escaped exactly as JCS requires (only <c>"</c>, <c>\</c> and control
/// characters, short forms where they exist, lowercase <c>\u00xx</c> otherwise; everything else as UTF-8) and
/// numbers in ECMAScript form. No whitespace. Structure (sorting keys) is the caller's job.
/// </summary>
internal sealed class JcsWriter(IBufferWriter<byte> output)
{
    private static readonly byte[] HexDigits = "0123456789abcdef"u8.ToArray();

    public void Raw(byte value)
    {
        var span = output.GetSpan(1);
        span[0] = value;
        output.Advance(1);
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        var span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }

    /// <summary>Writes a string; <see cref="InvalidDataException"/> for a lone surrogate (not I-JSON, cannot be canonicalized).</summary>
    public void String(string value)
    {
        Raw((byte)'"');
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\' && !char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                throw new InvalidDataException($"A string holds a lone surrogate (U+{(int)c:X4}); it has no canonical JSON form.");
            }

            Utf8(value.AsSpan(runStart, i - runStart));
            runStart = i + 1;
            switch (c)
            {
                case '"': Raw("\\\""u8); break;
                case '\\': Raw("\\\\"u8); break;
                case '\b': Raw("\\b"u8); break;
                case '\f': Raw("\\f"u8); break;
                case '\n': Raw("\\n"u8); break;
                case '\r': Raw("\\r"u8); break;
                case '\t': Raw("\\t"u8); break;
                default:
                    Raw("\\u00"u8);
                    Raw(HexDigits[c >> 4]);
                    Raw(HexDigits[c & 0xF]);
                    break;
            }
        }

        Utf8(value.AsSpan(runStart));
        Raw((byte)'"');
    }

    /// <summary>Writes a JSON number given as text (any valid JSON number) in its canonical ECMAScript form.</summary>
    public void Number(string jsonNumber)
    {
        if (!double.TryParse(jsonNumber, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new InvalidDataException($"The number '{jsonNumber}' is outside the IEEE 754 double range; it has no canonical JSON form.");
        }

        Utf8(EcmaScriptNumber.Format(value));
    }

    private void Utf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
