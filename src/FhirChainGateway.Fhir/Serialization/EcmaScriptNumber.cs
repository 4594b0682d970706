using System.Globalization;
using System.Text;

namespace FhirChainGateway.Fhir.Serialization;

/// <summary>
/// Formats an IEEE 754 double the way ECMAScript's Number.prototype.toString does, which is what RFC 8785
/// (section 3.2.2.3) prescribes for JSON numbers: shortest round-trip digits, plain notation for exponents in
/// [-6, 21), otherwise <c>d.ddde±x</c>.
/// </summary>
internal static class EcmaScriptNumber
{
    public static string Format(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "NaN and infinities have no JSON representation.");
        }

        if (value == 0)
        {
            return "0"; // Also for -0, as ECMAScript does.
        }

        var builder = new StringBuilder(32);
        if (value < 0)
        {
            builder.Append('-');
            value = -value;
        }

        // .NET's round-trip format gives the shortest digits that read back as the same double; only the layout differs from ECMAScript.
        var (digits, n) = Decompose(value.ToString("R", CultureInfo.InvariantCulture));
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            builder.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            builder.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            builder.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var exponent = n - 1;
            builder.Append(digits[0]);
            if (k > 1)
            {
                builder.Append('.').Append(digits, 1, k - 1);
            }

            builder.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>Splits "123.45E+6" into significant digits ("12345", no leading/trailing zeros) and n with value = 0.digits × 10^n.</summary>
    private static (string Digits, int N) Decompose(string roundTrip)
    {
        var exponentAt = roundTrip.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? roundTrip : roundTrip[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(roundTrip.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var pointPosition = dot < 0 ? mantissa.Length : dot;
        var allDigits = dot < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1));
        var leadingZeros = 0;
        while (leadingZeros < allDigits.Length - 1 && allDigits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        var significant = allDigits[leadingZeros..].TrimEnd('0');
        return (significant.Length == 0 ? "0" : significant, pointPosition - leadingZeros + exponent);
    }
}
