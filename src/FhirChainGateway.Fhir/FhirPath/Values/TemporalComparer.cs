namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>
/// FHIRPath date/time comparison: component by component from the year down; when one value stops before the
/// other at a component where both were equal so far, the answer is unknown (null).
/// </summary>
internal static class TemporalComparer
{
    // The extreme offsets any value without a timezone could have, used to decide orderings that hold for all.
    private static readonly TimeSpan EarliestOffset = TimeSpan.FromHours(14);
    private static readonly TimeSpan LatestOffset = TimeSpan.FromHours(-12);

    /// <summary>True when the two values are of kinds FHIRPath can compare (a Date promotes to a DateTime).</summary>
    public static bool AreComparable(PartialTemporal left, PartialTemporal right) =>
        (left is FhirPathTime) == (right is FhirPathTime);

    /// <summary>Negative, zero or positive; null when the values' precisions leave the answer unknown.</summary>
    public static int? Compare(PartialTemporal left, PartialTemporal right, bool forEquality)
    {
        var a = left.Parts;
        var b = right.Parts;
        if (a.HasTime && b.HasTime)
        {
            if (a.Offset is { } offsetA && b.Offset is { } offsetB)
            {
                if (offsetA != offsetB)
                {
                    a = a.ToUtc(offsetA);
                    b = b.ToUtc(offsetB);
                }
            }
            else if (a.Offset is not null || b.Offset is not null)
            {
                // Only one has a timezone: the answer is known when it is the same for every offset the other could have.
                var early = CompareParts(Utc(a, EarliestOffset), Utc(b, EarliestOffset));
                var late = CompareParts(Utc(a, LatestOffset), Utc(b, LatestOffset));
                return early == late && !(forEquality && early == 0) ? early : null;
            }
        }

        return CompareParts(a, b);
    }

    public static bool? AreEqual(PartialTemporal left, PartialTemporal right)
    {
        var result = Compare(left, right, forEquality: true);
        return result is null ? null : result == 0;
    }

    /// <summary>Equivalence: values of different precision are simply not equivalent.</summary>
    public static bool AreEquivalent(PartialTemporal left, PartialTemporal right) =>
        Normalized(left.Precision) == Normalized(right.Precision) && Compare(left, right, forEquality: true) == 0;

    private static TemporalPrecision Normalized(TemporalPrecision precision) =>
        precision == TemporalPrecision.Millisecond ? TemporalPrecision.Second : precision;

    private static TemporalParts Utc(TemporalParts parts, TimeSpan assumedOffset) =>
        parts.ToUtc(parts.Offset ?? assumedOffset);

    private static int? CompareParts(in TemporalParts a, in TemporalParts b)
    {
        for (var level = TemporalPrecision.Year; level <= TemporalPrecision.Second; level++)
        {
            var aHas = a.Precision >= level;
            var bHas = b.Precision >= level;
            if (!aHas && !bHas)
            {
                return 0;
            }

            if (aHas != bHas)
            {
                return null;
            }

            var comparison = level switch
            {
                TemporalPrecision.Year => a.Year.CompareTo(b.Year),
                TemporalPrecision.Month => a.Month.CompareTo(b.Month),
                TemporalPrecision.Day => a.Day.CompareTo(b.Day),
                TemporalPrecision.Hour => a.Hour.CompareTo(b.Hour),
                TemporalPrecision.Minute => a.Minute.CompareTo(b.Minute),
                _ => a.SecondsWithFraction.CompareTo(b.SecondsWithFraction),
            };
            if (comparison != 0)
            {
                return comparison;
            }
        }

        return 0;
    }
}
