using System.Globalization;
using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// Whether a text is a valid lexical value of a FHIR primitive type: the regex of the type's definition (whole
/// value, XML Schema meaning of <c>\s</c>), plus what a regex cannot say: 32-bit ranges of integer, positiveInt and
/// unsignedInt, real calendar days (no 30 February), decimals within double range (so they have a canonical form).
/// base64Binary is checked without its regex, which would be slow on megabyte attachments. Regexes are compiled once
/// and run non-backtracking, so even huge values are checked in linear time. Shared by the structural and the
/// profile validator so both judge a value the same way.
/// </summary>
public sealed class PrimitiveLexicalRules
{
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    public PrimitiveLexicalRules(FhirDefinitions definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        foreach (var type in definitions.Types)
        {
            if (type is { Kind: TypeKind.PrimitiveType, ValuePattern: { } pattern } && type.Name != "base64Binary")
            {
                _patterns[type.Name] = FhirRegex.Compile(pattern);
            }
        }
    }

    /// <summary>Null when <paramref name="text"/> is valid; otherwise what is wrong, phrased to follow "it".</summary>
    public string? Problem(TypeDefinition type, string text)
    {
        if (type.Name == "base64Binary")
        {
            return IsBase64(text) ? null : "is not valid base64 (groups of four characters from A-Z, a-z, 0-9, +, /, =)";
        }

        if (_patterns.TryGetValue(type.Name, out var pattern) && !pattern.IsMatch(text))
        {
            return type.Name is "dateTime" or "instant" && text.Length > 10 && text.Contains('T', StringComparison.Ordinal) && !HasZone(text)
                ? "has a time but no timezone (if a date has a time, it must have a timezone)"
                : $"does not match the {type.Name} format";
        }

        switch (type.Name)
        {
            case "integer" when !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
            case "positiveInt" or "unsignedInt" when !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _):
                return "is outside the 32-bit range";
            case "decimal" when !double.IsFinite(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)):
                return "is outside the range of IEEE 754 double precision";
            case "date" or "dateTime" or "instant" when !IsValidDate(text):
                return "names a day that does not exist";
            default:
                return null;
        }
    }

    public static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "...";

    private static bool IsValidDate(string text)
    {
        // The regex has already fixed the layout: YYYY[-MM[-DD[T...]]].
        if (text.Length < 10)
        {
            return true;
        }

        var year = int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var month = int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(text.AsSpan(8, 2), CultureInfo.InvariantCulture);
        return day <= DateTime.DaysInMonth(year, month);
    }

    /// <summary>Whitespace between groups is allowed (XML Schema base64Binary: space, tab, CR, LF).</summary>
    private static bool IsBase64(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }

            count++;
        }

        return count > 0 && count % 4 == 0;
    }

    private static bool HasZone(string text) =>
        text.EndsWith('Z') || text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':';
}
