namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>
/// <c>lowBoundary()</c> and <c>highBoundary()</c>: the smallest and largest values a value written with limited
/// precision could stand for, expressed at a requested precision.
/// </summary>
internal static class Boundaries
{
    /// <summary>Decimals default to 8 digits after the point; a decimal holds at most 28.</summary>
    public const int DefaultDecimalPrecision = 8;

    private const int MaxDecimalPrecision = 28;

    /// <summary>
    /// <c>1.587</c> stands for [1.5865, 1.5875): the low boundary is half a unit of the last written digit below,
    /// truncated to the requested digits; negative values mirror the high boundary of their magnitude.
    /// </summary>
    public static decimal? LowDecimal(decimal value, int? precision) => Boundary(value, precision, low: true);

    public static decimal? HighDecimal(decimal value, int? precision) => Boundary(value, precision, low: false);

    public static PartialTemporal? LowTemporal(PartialTemporal value, int? precision) => TemporalBoundary(value, precision, low: true);

    public static PartialTemporal? HighTemporal(PartialTemporal value, int? precision) => TemporalBoundary(value, precision, low: false);

    private static decimal? Boundary(decimal value, int? requested, bool low)
    {
        var precision = requested ?? DefaultDecimalPrecision;
        if (precision is < 0 or > MaxDecimalPrecision)
        {
            return null;
        }

        if (value < 0)
        {
            return -Boundary(-value, precision, !low);
        }

        var halfUnit = 0.5m * Unit(value.Scale);
        if (value == 0)
        {
            return FhirPathDecimal.WithScale(low ? -halfUnit : halfUnit, precision);
        }

        var bound = low ? value - halfUnit : value + halfUnit;
        var unit = Unit(precision);
        var scaled = bound / unit;
        // Low boundaries truncate and high ones round half up, so the result still covers the written value.
        var rounded = low ? decimal.Floor(scaled) : decimal.Round(scaled, MidpointRounding.AwayFromZero);
        return FhirPathDecimal.WithScale(rounded * unit, precision);
    }

    private static decimal Unit(int scale) => new(1, 0, 0, false, (byte)scale);

    private static PartialTemporal? TemporalBoundary(PartialTemporal value, int? requested, bool low)
    {
        var (defaultDigits, allowed) = value switch
        {
            FhirPathDate => (8, new[] { 4, 6, 8 }),
            FhirPathTime => (9, new[] { 2, 4, 6, 9 }),
            _ => (17, new[] { 4, 6, 8, 10, 12, 14, 17 }),
        };
        var digits = requested ?? defaultDigits;
        if (!allowed.Contains(digits))
        {
            return null;
        }

        var target = value is FhirPathTime
            ? digits switch { 2 => TemporalPrecision.Hour, 4 => TemporalPrecision.Minute, 6 => TemporalPrecision.Second, _ => TemporalPrecision.Millisecond }
            : digits switch
            {
                4 => TemporalPrecision.Year,
                6 => TemporalPrecision.Month,
                8 => TemporalPrecision.Day,
                10 => TemporalPrecision.Hour,
                12 => TemporalPrecision.Minute,
                14 => TemporalPrecision.Second,
                _ => TemporalPrecision.Millisecond,
            };

        var parts = value.Parts;
        // An hour without minutes is not a FHIR time; the reference engine first reads it as hh:00.
        if (parts.Precision == TemporalPrecision.Hour && target > TemporalPrecision.Hour)
        {
            parts = parts with { Precision = TemporalPrecision.Minute };
        }

        if (target > parts.Precision)
        {
            parts = Fill(parts, target, low);
        }
        else
        {
            parts = parts with { Precision = target };
            if (target < TemporalPrecision.Millisecond)
            {
                parts = parts with { Fraction = 0, FractionDigits = 0 };
            }
        }

        if (value is FhirPathDateTime && parts.HasTime && parts.Offset is null)
        {
            // Without a timezone the value could be anywhere from +14:00 (earliest) to -12:00 (latest).
            parts = parts with { Offset = TimeSpan.FromHours(low ? 14 : -12), OffsetIsZulu = false };
        }

        return value switch
        {
            FhirPathDate => new FhirPathDate(parts),
            FhirPathTime => new FhirPathTime(parts),
            _ => new FhirPathDateTime(parts),
        };
    }

    private static TemporalParts Fill(TemporalParts parts, TemporalPrecision target, bool low)
    {
        var current = parts.Precision;
        if (current < TemporalPrecision.Month)
        {
            parts = parts with { Month = low ? 1 : 12 };
        }

        if (current < TemporalPrecision.Day)
        {
            parts = parts with { Day = low ? 1 : DateTime.DaysInMonth(parts.Year, parts.Month) };
        }

        if (current < TemporalPrecision.Hour)
        {
            parts = parts with { Hour = low ? 0 : 23 };
        }

        if (current < TemporalPrecision.Minute)
        {
            parts = parts with { Minute = low ? 0 : 59 };
        }

        if (current < TemporalPrecision.Second)
        {
            parts = parts with { Second = low ? 0 : 59 };
        }

        if (current < TemporalPrecision.Millisecond && target == TemporalPrecision.Millisecond)
        {
            parts = parts with { Fraction = low ? 0m : 0.999m, FractionDigits = 3 };
        }

        return parts with { Precision = target };
    }
}
