using System.Text;

namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>A FHIRPath System.Date: year, year-month or full date, no time and no timezone.</summary>
public sealed class FhirPathDate : PartialTemporal
{
    internal FhirPathDate(TemporalParts parts)
        : base(parts with { Hour = 0, Minute = 0, Second = 0, Fraction = 0, FractionDigits = 0, Offset = null, OffsetIsZulu = false })
    {
    }

    public override string TypeName => "Date";

    public override int PrecisionDigits => Precision switch
    {
        TemporalPrecision.Year => 4,
        TemporalPrecision.Month => 6,
        _ => 8,
    };

    public static FhirPathDate Parse(string text) =>
        TemporalParser.TryParseDate(text, out var date) ? date : throw new FormatException($"'{text}' is not a FHIRPath date.");

    public static bool TryParse(string text, out FhirPathDate date) => TemporalParser.TryParseDate(text, out date);

    public static FhirPathDate FromDateTime(DateTimeOffset value) =>
        new(new TemporalParts(value.Year, value.Month, value.Day, 0, 0, 0, 0, 0, TemporalPrecision.Day, null, false));

    /// <summary>The same date as a DateTime of the same precision, which is how Date and DateTime values compare.</summary>
    public FhirPathDateTime ToDateTimeValue() => new(Parts);

    internal override void Format(StringBuilder builder) => AppendDate(builder, Parts);
}
