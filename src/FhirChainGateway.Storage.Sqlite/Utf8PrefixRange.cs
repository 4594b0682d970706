using System.Text;

namespace FhirChainGateway.Storage.Sqlite;

/// <summary>
/// A prefix match as a half-open range <c>[prefix, upper)</c> over SQLite's BINARY collation, which
/// compares UTF-8 bytes and therefore code points. Unlike LIKE it is case-sensitive (the values are
/// normalised already), needs no escaping, and always uses the index.
/// </summary>
internal static class Utf8PrefixRange
{
    /// <summary>
    /// The smallest string greater than every string starting with <paramref name="prefix"/>, or null
    /// when there is none (empty prefix, or one made only of U+10FFFF).
    /// </summary>
    public static string? UpperBound(string prefix)
    {
        var runes = new List<Rune>(prefix.Length);
        foreach (var rune in prefix.EnumerateRunes())
        {
            runes.Add(rune);
        }

        // Strings starting with the prefix are below "the prefix with its last incrementable code point
        // incremented and everything after it dropped".
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last == 0x10FFFF)
            {
                continue;
            }

            var next = last + 1;
            if (next is >= 0xD800 and <= 0xDFFF)
            {
                next = 0xE000;
            }

            var builder = new StringBuilder(prefix.Length + 1);
            foreach (var rune in runes)
            {
                builder.Append(rune.ToString());
            }

            builder.Append(new Rune(next).ToString());
            return builder.ToString();
        }

        return null;
    }
}
