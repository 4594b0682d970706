using System.Text;

namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>A FHIRPath System.DateTime of any precision from year to (fractional) seconds, with an optional offset.</summary>
public sealed class FhirPathDateTime : PartialTemporal
{
    internal FhirPathDateTime(TemporalParts parts)
        : base(parts)
    {
    }

    public override string TypeName => "DateTime";

    public override int PrecisionDigits => Precision switch
    {
        TemporalPrecision.Year => 4,
        TemporalPrecision.Month => 6,
        TemporalPrecision.Day => 8,
        TemporalPrecision.Hour => 10,
        TemporalPrecision.Minute => 12,
        TemporalPrecision.Second => 14,
        _ => 17,
    };

    public static FhirPathDateTime Parse(string text) =>
        TemporalParser.TryParseDateTime(text, out var value) ? value : throw new FormatException($"'{text}' is not a FHIRPath dateTime.");

    public static bool TryParse(string text, out FhirPathDateTime value) => TemporalParser.TryParseDateTime(text, out value);

    /// <summary>A millisecond-precision value with its offset, as <c>now()</c> produces.</summary>
    public static FhirPathDateTime FromDateTimeOffset(DateTimeOffset value)
    {
        var fraction = value.Millisecond / 1000m;
        return new FhirPathDateTime(new TemporalParts(
            value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second, fraction, 3,
            TemporalPrecision.Millisecond, value.Offset, value.Offset == TimeSpan.Zero));
    }

    internal override void Format(StringBuilder builder)
    {
        AppendDate(builder, Parts);
        if (!Parts.HasTime)
        {
            return;
        }

        builder.Append('T');
        AppendTime(builder, Parts);
        AppendOffset(builder, Parts);
    }
}
