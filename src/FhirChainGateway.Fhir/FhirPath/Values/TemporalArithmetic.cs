namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>Adding time-valued quantities to dates, date/times and times with calendar semantics.</summary>
internal static class TemporalArithmetic
{
    /// <summary>
    /// Adds <paramref name="amount"/> units; null when the unit does not apply (a year added to a Time) or the
    /// result leaves the representable calendar range.
    /// </summary>
    /// <remarks>
    /// The amount is truncated to whole units (the official tests expect <c>+ 7.7 days</c> to add 7 days and
    /// <c>+ 0.1 's'</c> to add nothing), and a unit finer than the value's precision is first converted to that
    /// precision and truncated, as the specification describes for partial dates.
    /// </remarks>
    public static PartialTemporal? Add(PartialTemporal value, decimal amount, CalendarUnit unit)
    {
        if (value is FhirPathTime && unit is CalendarUnit.Year or CalendarUnit.Month or CalendarUnit.Week or CalendarUnit.Day)
        {
            return null;
        }

        var whole = decimal.Truncate(amount);
        if (unit == CalendarUnit.Week)
        {
            whole *= 7;
            unit = CalendarUnit.Day;
        }

        var unitPrecision = ToPrecision(unit);
        while (unitPrecision > value.Precision)
        {
            (whole, unitPrecision) = StepCoarser(whole, unitPrecision);
        }

        whole = decimal.Truncate(whole);
        if (whole == 0)
        {
            return value;
        }

        try
        {
            return value switch
            {
                FhirPathTime time => AddToTime(time, whole, unitPrecision),
                FhirPathDate date => new FhirPathDate(Shift(date.Parts, whole, unitPrecision)),
                _ => new FhirPathDateTime(Shift(value.Parts, whole, unitPrecision)),
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static TemporalPrecision ToPrecision(CalendarUnit unit) => unit switch
    {
        CalendarUnit.Year => TemporalPrecision.Year,
        CalendarUnit.Month => TemporalPrecision.Month,
        CalendarUnit.Day => TemporalPrecision.Day,
        CalendarUnit.Hour => TemporalPrecision.Hour,
        CalendarUnit.Minute => TemporalPrecision.Minute,
        CalendarUnit.Second => TemporalPrecision.Second,
        _ => TemporalPrecision.Millisecond,
    };

    private static (decimal Amount, TemporalPrecision Precision) StepCoarser(decimal amount, TemporalPrecision precision) => precision switch
    {
        TemporalPrecision.Millisecond => (amount / 1000m, TemporalPrecision.Second),
        TemporalPrecision.Second => (amount / 60m, TemporalPrecision.Minute),
        TemporalPrecision.Minute => (amount / 60m, TemporalPrecision.Hour),
        TemporalPrecision.Hour => (amount / 24m, TemporalPrecision.Day),
        // A month has no fixed length; 30 days is the usual approximation for converting partial dates.
        TemporalPrecision.Day => (amount / 30m, TemporalPrecision.Month),
        _ => (amount / 12m, TemporalPrecision.Year),
    };

    private static TemporalParts Shift(in TemporalParts parts, decimal amount, TemporalPrecision unit)
    {
        var start = parts.ToDateTime();
        var count = (int)amount;
        var shifted = unit switch
        {
            TemporalPrecision.Year => start.AddYears(count),
            TemporalPrecision.Month => start.AddMonths(count),
            TemporalPrecision.Day => start.AddDays(count),
            TemporalPrecision.Hour => start.AddHours(count),
            TemporalPrecision.Minute => start.AddMinutes(count),
            TemporalPrecision.Second => start.AddSeconds(count),
            _ => start.AddMilliseconds(count),
        };
        var result = parts.WithDateTime(shifted);
        if (unit == TemporalPrecision.Millisecond && result.Precision == TemporalPrecision.Millisecond && result.FractionDigits < 3)
        {
            result = result with { FractionDigits = 3 };
        }

        return result;
    }

    private static FhirPathTime AddToTime(FhirPathTime time, decimal amount, TemporalPrecision unit)
    {
        var ticksPerUnit = unit switch
        {
            TemporalPrecision.Hour => TimeSpan.TicksPerHour,
            TemporalPrecision.Minute => TimeSpan.TicksPerMinute,
            TemporalPrecision.Second => TimeSpan.TicksPerSecond,
            _ => TimeSpan.TicksPerMillisecond,
        };
        var start = time.Parts.ToDateTime().TimeOfDay.Ticks;
        var shifted = ((start + ((long)amount % (TimeSpan.TicksPerDay / ticksPerUnit) * ticksPerUnit)) % TimeSpan.TicksPerDay + TimeSpan.TicksPerDay) % TimeSpan.TicksPerDay;
        var result = time.Parts.WithDateTime(new DateTime(1, 1, 1).AddTicks(shifted)) with { Year = 1, Month = 1, Day = 1 };
        return new FhirPathTime(result);
    }
}
