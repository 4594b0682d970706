using System.Globalization;

namespace FhirChainGateway.Fhir.Tests.Xml;

/// <summary>Exact value equality of decimal lexical forms of any size (<c>1.0e0</c> = <c>1</c>), without floating point.</summary>
internal static class DecimalText
{
    public static bool SameValue(string left, string right) =>
        Canonical(left) is { } a && Canonical(right) is { } b && a == b;

    /// <summary>Sign, significant digits and exponent (<c>-12E3</c>); null when the text is not a decimal number.</summary>
    public static string? Canonical(string text)
    {
        var span = text.AsSpan().Trim();
        var negative = false;
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        var exponent = 0L;
        var e = span.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            if (!long.TryParse(span[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return null;
            }

            span = span[..e];
        }

        var dot = span.IndexOf('.');
        var integerPart = dot >= 0 ? span[..dot] : span;
        var fraction = dot >= 0 ? span[(dot + 1)..] : [];
        var digits = string.Concat(integerPart, fraction);
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        exponent -= fraction.Length;
        var significant = digits.TrimStart('0');
        if (significant.Length == 0)
        {
            return "0";
        }

        var trimmed = significant.TrimEnd('0');
        exponent += significant.Length - trimmed.Length;
        return string.Create(CultureInfo.InvariantCulture, $"{(negative ? "-" : string.Empty)}{trimmed}E{exponent}");
    }
}
