namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>
/// Parses the lexical forms shared by FHIRPath literals (without <c>@</c>) and FHIR date, dateTime,
/// instant and time values. Partial forms are accepted (<c>2015</c>, <c>2015-02-04T14</c>) because FHIRPath
/// allows them; components are range-checked so <c>2015-02-30</c> is rejected.
/// </summary>
internal static class TemporalParser
{
    public static bool TryParseDate(string text, out FhirPathDate date)
    {
        date = null!;
        var position = 0;
        if (!TryReadDate(text, ref position, out var parts) || position != text.Length)
        {
            return false;
        }

        date = new FhirPathDate(parts);
        return true;
    }

    /// <summary>
    /// Accepts a date, a date followed by a bare <c>T</c> (the FHIRPath literal <c>@2015T</c>), or a date
    /// with a time of any precision and an optional offset.
    /// </summary>
    public static bool TryParseDateTime(string text, out FhirPathDateTime value)
    {
        value = null!;
        var position = 0;
        if (!TryReadDate(text, ref position, out var parts))
        {
            return false;
        }

        if (position < text.Length && text[position] == 'T')
        {
            position++;
            if (position < text.Length)
            {
                if (parts.Precision != TemporalPrecision.Day || !TryReadTime(text, ref position, parts, out parts))
                {
                    return false;
                }

                if (!TryReadOffset(text, ref position, ref parts))
                {
                    return false;
                }
            }
        }

        if (position != text.Length)
        {
            return false;
        }

        value = new FhirPathDateTime(parts);
        return true;
    }

    public static bool TryParseTime(string text, out FhirPathTime value)
    {
        value = null!;
        var position = 0;
        var start = new TemporalParts(1, 1, 1, 0, 0, 0, 0, 0, TemporalPrecision.Hour, null, false);
        if (!TryReadTime(text, ref position, start, out var parts) || position != text.Length)
        {
            return false;
        }

        value = new FhirPathTime(parts);
        return true;
    }

    private static bool TryReadDate(string text, ref int position, out TemporalParts parts)
    {
        parts = default;
        if (!TryReadDigits(text, ref position, 4, out var year) || year < 1)
        {
            return false;
        }

        parts = new TemporalParts(year, 1, 1, 0, 0, 0, 0, 0, TemporalPrecision.Year, null, false);
        if (position >= text.Length || text[position] != '-')
        {
            return true;
        }

        position++;
        if (!TryReadDigits(text, ref position, 2, out var month) || month is < 1 or > 12)
        {
            return false;
        }

        parts = parts with { Month = month, Precision = TemporalPrecision.Month };
        if (position >= text.Length || text[position] != '-')
        {
            return true;
        }

        position++;
        if (!TryReadDigits(text, ref position, 2, out var day) || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        parts = parts with { Day = day, Precision = TemporalPrecision.Day };
        return true;
    }

    private static bool TryReadTime(string text, ref int position, TemporalParts start, out TemporalParts parts)
    {
        parts = start;
        if (!TryReadDigits(text, ref position, 2, out var hour) || hour > 23)
        {
            return false;
        }

        parts = parts with { Hour = hour, Precision = TemporalPrecision.Hour };
        if (position >= text.Length || text[position] != ':')
        {
            return true;
        }

        position++;
        if (!TryReadDigits(text, ref position, 2, out var minute) || minute > 59)
        {
            return false;
        }

        parts = parts with { Minute = minute, Precision = TemporalPrecision.Minute };
        if (position >= text.Length || text[position] != ':')
        {
            return true;
        }

        position++;
        if (!TryReadDigits(text, ref position, 2, out var second) || second > 59)
        {
            return false;
        }

        parts = parts with { Second = second, Precision = TemporalPrecision.Second };
        if (position >= text.Length || text[position] != '.')
        {
            return true;
        }

        position++;
        var fractionStart = position;
        var fraction = 0m;
        var scale = 0.1m;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            // Digits past the 28th cannot change a decimal; they are still consumed.
            if (position - fractionStart < 27)
            {
                fraction += (text[position] - '0') * scale;
                scale /= 10m;
            }

            position++;
        }

        if (position == fractionStart)
        {
            return false;
        }

        parts = parts with { Fraction = fraction, FractionDigits = position - fractionStart, Precision = TemporalPrecision.Millisecond };
        return true;
    }

    private static bool TryReadOffset(string text, ref int position, ref TemporalParts parts)
    {
        if (position >= text.Length)
        {
            return true;
        }

        var sign = text[position];
        if (sign == 'Z')
        {
            position++;
            parts = parts with { Offset = TimeSpan.Zero, OffsetIsZulu = true };
            return true;
        }

        if (sign is not ('+' or '-'))
        {
            return false;
        }

        position++;
        if (!TryReadDigits(text, ref position, 2, out var hours) || hours > 14
            || position >= text.Length || text[position] != ':')
        {
            return false;
        }

        position++;
        if (!TryReadDigits(text, ref position, 2, out var minutes) || minutes > 59)
        {
            return false;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        parts = parts with { Offset = sign == '-' ? -offset : offset, OffsetIsZulu = false };
        return true;
    }

    private static bool TryReadDigits(string text, ref int position, int count, out int value)
    {
        value = 0;
        if (position + count > text.Length)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var c = text[position + i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        position += count;
        return true;
    }
}
