namespace FhirChainGateway.Fhir.Serialization;

/// <summary>Turns byte offsets in a UTF-8 document into 1-based line and character columns, for error messages.</summary>
internal static class TextPositions
{
    /// <summary>Line and column of each offset; <paramref name="sortedOffsets"/> must be ascending (one pass over the document).</summary>
    public static Dictionary<long, (int Line, int Column)> LinesAndColumns(ReadOnlySpan<byte> utf8, IReadOnlyList<long> sortedOffsets)
    {
        var result = new Dictionary<long, (int, int)>(sortedOffsets.Count);
        var line = 1;
        var lineStart = 0;
        var position = 0;
        foreach (var offset in sortedOffsets)
        {
            var target = (int)Math.Min(offset, utf8.Length);
            for (; position < target; position++)
            {
                if (utf8[position] == (byte)'\n')
                {
                    line++;
                    lineStart = position + 1;
                }
            }

            result[offset] = (line, CharactersBetween(utf8, lineStart, target) + 1);
        }

        return result;
    }

    /// <summary>The 1-based character column of a 0-based byte position within a 1-based line.</summary>
    public static int ColumnOf(ReadOnlySpan<byte> utf8, int line, int bytePositionInLine)
    {
        var lineStart = 0;
        for (var current = 1; current < line && lineStart < utf8.Length; lineStart++)
        {
            if (utf8[lineStart] == (byte)'\n')
            {
                current++;
            }
        }

        var end = Math.Min(utf8.Length, lineStart + bytePositionInLine);
        return CharactersBetween(utf8, lineStart, end) + 1;
    }

    private static int CharactersBetween(ReadOnlySpan<byte> utf8, int start, int end)
    {
        var count = 0;
        for (var i = start; i < end; i++)
        {
            // Count every byte that starts a character (UTF-8 continuation bytes are 10xxxxxx).
            if ((utf8[i] & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }
}
