using System.Globalization;
using System.Text;

namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>
/// A FHIRPath Date, DateTime or Time: only the components up to <see cref="Precision"/> are meaningful,
/// so <c>@2015</c> and <c>@2015-01-01</c> are different values and comparing them can be "unknown".
/// </summary>
public abstract class PartialTemporal
{
    private protected PartialTemporal(TemporalParts parts) => Parts = parts;

    internal TemporalParts Parts { get; }

    public TemporalPrecision Precision => Parts.Precision;

    public int Year => Parts.Year;

    public int Month => Parts.Month;

    public int Day => Parts.Day;

    public int Hour => Parts.Hour;

    public int Minute => Parts.Minute;

    public int Second => Parts.Second;

    /// <summary>Fraction of the second (0 &lt;= f &lt; 1), meaningful at <see cref="TemporalPrecision.Millisecond"/>.</summary>
    public decimal SecondFraction => Parts.Fraction;

    public int Millisecond => (int)decimal.Truncate(Parts.Fraction * 1000m);

    /// <summary>Timezone offset as written; null when the value carries none.</summary>
    public TimeSpan? Offset => Parts.Offset;

    /// <summary>The FHIRPath system type name: Date, DateTime or Time.</summary>
    public abstract string TypeName { get; }

    /// <summary>The precision expressed as a digit count, as the FHIRPath <c>precision()</c> function reports it.</summary>
    public abstract int PrecisionDigits { get; }

    /// <summary>Lexical form without the leading <c>@</c>, e.g. <c>2014-01-05T10:30:00.000+10:00</c> or <c>10:30</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(32);
        Format(builder);
        return builder.ToString();
    }

    internal abstract void Format(StringBuilder builder);

    private protected static void AppendTime(StringBuilder builder, in TemporalParts parts)
    {
        builder.Append(parts.Hour.ToString("00", CultureInfo.InvariantCulture));
        if (parts.Precision < TemporalPrecision.Minute)
        {
            return;
        }

        builder.Append(':').Append(parts.Minute.ToString("00", CultureInfo.InvariantCulture));
        if (parts.Precision < TemporalPrecision.Second)
        {
            return;
        }

        builder.Append(':').Append(parts.Second.ToString("00", CultureInfo.InvariantCulture));
        if (parts.Precision == TemporalPrecision.Millisecond)
        {
            var digits = Math.Max(parts.FractionDigits, 1);
            var scaled = decimal.Truncate(parts.Fraction * Pow10(digits));
            builder.Append('.').Append(((long)scaled).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0'));
        }
    }

    private protected static void AppendDate(StringBuilder builder, in TemporalParts parts)
    {
        builder.Append(parts.Year.ToString("0000", CultureInfo.InvariantCulture));
        if (parts.Precision < TemporalPrecision.Month)
        {
            return;
        }

        builder.Append('-').Append(parts.Month.ToString("00", CultureInfo.InvariantCulture));
        if (parts.Precision < TemporalPrecision.Day)
        {
            return;
        }

        builder.Append('-').Append(parts.Day.ToString("00", CultureInfo.InvariantCulture));
    }

    private protected static void AppendOffset(StringBuilder builder, in TemporalParts parts)
    {
        if (parts.Offset is not { } offset)
        {
            return;
        }

        if (offset == TimeSpan.Zero && parts.OffsetIsZulu)
        {
            builder.Append('Z');
            return;
        }

        builder.Append(offset < TimeSpan.Zero ? '-' : '+');
        var absolute = offset.Duration();
        builder.Append(absolute.Hours.ToString("00", CultureInfo.InvariantCulture))
            .Append(':')
            .Append(absolute.Minutes.ToString("00", CultureInfo.InvariantCulture));
    }

    private static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < digits; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
