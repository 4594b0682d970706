using System.Globalization;

namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>Decimal helpers: FHIRPath decimals keep their written precision (scale), which <see cref="decimal"/> preserves.</summary>
internal static class FhirPathDecimal
{
    /// <summary>Parses <c>[+-]digits[.digits]</c>, the lexical form FHIRPath conversions accept (no exponent, no spaces).</summary>
    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }

        var start = text[0] is '+' or '-' ? 1 : 0;
        var sawDigit = false;
        var sawPoint = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                sawDigit = true;
            }
            else if (c == '.' && !sawPoint && sawDigit && i + 1 < text.Length)
            {
                sawPoint = true;
            }
            else
            {
                return false;
            }
        }

        return sawDigit && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Number of digits after the decimal point as written (<c>1.58700</c> has 5).</summary>
    public static int Scale(decimal value) => value.Scale;

    /// <summary>The value with exactly <paramref name="scale"/> digits after the point (rounding half away from zero when shortening).</summary>
    public static decimal WithScale(decimal value, int scale)
    {
        var rounded = Math.Round(value, scale, MidpointRounding.AwayFromZero);
        return rounded + new decimal(0, 0, 0, false, (byte)scale);
    }

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
