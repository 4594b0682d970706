using System.Text;

namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>A FHIRPath System.Time: a time of day from hour to (fractional) seconds, never with an offset.</summary>
public sealed class FhirPathTime : PartialTemporal
{
    internal FhirPathTime(TemporalParts parts)
        : base(parts with { Year = 1, Month = 1, Day = 1, Offset = null, OffsetIsZulu = false })
    {
    }

    public override string TypeName => "Time";

    public override int PrecisionDigits => Precision switch
    {
        TemporalPrecision.Hour => 2,
        TemporalPrecision.Minute => 4,
        TemporalPrecision.Second => 6,
        _ => 9,
    };

    public static FhirPathTime Parse(string text) =>
        TemporalParser.TryParseTime(text, out var value) ? value : throw new FormatException($"'{text}' is not a FHIRPath time.");

    public static bool TryParse(string text, out FhirPathTime value) => TemporalParser.TryParseTime(text, out value);

    internal override void Format(StringBuilder builder) => AppendTime(builder, Parts);
}
