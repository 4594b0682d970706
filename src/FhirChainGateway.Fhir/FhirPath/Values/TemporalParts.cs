namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>
/// The components of a partial date/time. Components below <see cref="Precision"/> hold their minimum
/// value so the parts can always be turned into a <see cref="DateTime"/> for arithmetic.
/// </summary>
internal readonly record struct TemporalParts(
    int Year,
    int Month,
    int Day,
    int Hour,
    int Minute,
    int Second,
    decimal Fraction,
    int FractionDigits,
    TemporalPrecision Precision,
    TimeSpan? Offset,
    bool OffsetIsZulu)
{
    public bool HasTime => Precision >= TemporalPrecision.Hour;

    /// <summary>Seconds plus their fraction, the unit FHIRPath compares at second precision.</summary>
    public decimal SecondsWithFraction => Second + Fraction;

    /// <summary>The parts as a calendar value (timezone ignored); the fraction is kept to 100ns ticks.</summary>
    public DateTime ToDateTime()
    {
        var ticks = (long)decimal.Truncate(Fraction * TimeSpan.TicksPerSecond);
        return new DateTime(Year, Month, Day, Hour, Minute, Second, DateTimeKind.Unspecified).AddTicks(ticks);
    }

    /// <summary>Same precision and offset, components taken from a calendar value.</summary>
    public TemporalParts WithDateTime(DateTime value)
    {
        var fractionTicks = value.Ticks % TimeSpan.TicksPerSecond;
        return this with
        {
            Year = value.Year,
            Month = value.Month,
            Day = value.Day,
            Hour = value.Hour,
            Minute = value.Minute,
            Second = value.Second,
            Fraction = fractionTicks / (decimal)TimeSpan.TicksPerSecond,
        };
    }

    /// <summary>The same instant expressed in UTC (components shifted by the offset).</summary>
    public TemporalParts ToUtc(TimeSpan offset)
    {
        var shifted = ToDateTime() - offset;
        return WithDateTime(shifted) with { Offset = TimeSpan.Zero, OffsetIsZulu = true };
    }
}
