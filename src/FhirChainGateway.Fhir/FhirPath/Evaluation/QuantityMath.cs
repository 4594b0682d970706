using FhirChainGateway.Fhir.FhirPath.Ucum;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// Comparison and arithmetic of quantities with unit conversion. Calendar durations of definite length (week and
/// below) compare with their UCUM counterparts; calendar years and months compare only with each other, because
/// their length is not the UCUM <c>a</c>/<c>mo</c> length.
/// </summary>
internal static class QuantityMath
{
    /// <summary>Negative, zero or positive; null when the units cannot be compared.</summary>
    public static int? Compare(FhirPathQuantity left, FhirPathQuantity right) =>
        TryAlign(left, right, out var l, out var r) ? l.CompareTo(r) : null;

    public static bool? AreEqual(FhirPathQuantity left, FhirPathQuantity right) =>
        Compare(left, right) is { } comparison ? comparison == 0 : null;

    /// <summary>Equivalence compares the values rounded to the precision of the less precise one.</summary>
    public static bool AreEquivalent(FhirPathQuantity left, FhirPathQuantity right)
    {
        if (!TryAlign(left, right, out var l, out var r))
        {
            return false;
        }

        var scale = Math.Min(l.Scale, r.Scale);
        return Math.Round(l, scale, MidpointRounding.AwayFromZero) == Math.Round(r, scale, MidpointRounding.AwayFromZero);
    }

    public static bool AreComparable(FhirPathQuantity left, FhirPathQuantity right) => TryAlign(left, right, out _, out _);

    /// <summary>Sum or difference in the left operand's unit; null when the units are not comparable.</summary>
    public static FhirPathQuantity? Add(FhirPathQuantity left, FhirPathQuantity right, bool subtract)
    {
        if (!TryAlign(left, right, out var l, out var r))
        {
            return null;
        }

        return new FhirPathQuantity(subtract ? l - r : l + r, left.Unit);
    }

    public static FhirPathQuantity Multiply(FhirPathQuantity left, FhirPathQuantity right) =>
        new(left.Value * right.Value, MultiplyUnits(UcumUnitOf(left), UcumUnitOf(right)));

    /// <summary>The quotient; null when dividing by zero.</summary>
    public static FhirPathQuantity? Divide(FhirPathQuantity left, FhirPathQuantity right)
    {
        if (right.Value == 0)
        {
            return null;
        }

        var leftUnit = UcumUnitOf(left);
        var rightUnit = UcumUnitOf(right);
        if (leftUnit != rightUnit && UcumUnits.TryConvert(right.Value, rightUnit, leftUnit, out var converted) && converted != 0)
        {
            // Same dimension, different units (m / cm): the result is a plain number.
            return new FhirPathQuantity(left.Value / converted, FhirPathQuantity.Unity);
        }

        return new FhirPathQuantity(left.Value / right.Value, DivideUnits(leftUnit, rightUnit));
    }

    /// <summary>Converts a quantity into another unit; null when the units are not comparable.</summary>
    public static FhirPathQuantity? ConvertTo(FhirPathQuantity quantity, string unit)
    {
        var target = new FhirPathQuantity(0, unit);
        return TryAlign(target, quantity, out _, out var converted) ? new FhirPathQuantity(converted, unit) : null;
    }

    private static bool TryAlign(FhirPathQuantity left, FhirPathQuantity right, out decimal l, out decimal r)
    {
        l = left.Value;
        r = right.Value;
        if (left.CalendarUnit is { } leftCalendar && right.CalendarUnit is { } rightCalendar)
        {
            var leftMonths = MonthsIn(leftCalendar);
            var rightMonths = MonthsIn(rightCalendar);
            if (leftMonths is not null && rightMonths is not null)
            {
                r = right.Value * rightMonths.Value / leftMonths.Value;
                return true;
            }

            if (leftMonths is not null || rightMonths is not null)
            {
                return false;
            }
        }

        var leftUnit = left.CalendarUnit is { } lc ? CalendarUnits.ToUcum(lc) : left.Unit;
        var rightUnit = right.CalendarUnit is { } rc ? CalendarUnits.ToUcum(rc) : right.Unit;
        if (leftUnit is null || rightUnit is null)
        {
            return false;
        }

        return UcumUnits.TryConvert(right.Value, rightUnit, leftUnit, out r);
    }

    private static decimal? MonthsIn(CalendarUnit unit) => unit switch
    {
        CalendarUnit.Year => 12m,
        CalendarUnit.Month => 1m,
        _ => null,
    };

    private static string UcumUnitOf(FhirPathQuantity quantity) => quantity.CalendarUnit switch
    {
        null => quantity.Unit,
        CalendarUnit.Year => "a",
        CalendarUnit.Month => "mo",
        { } unit => CalendarUnits.ToUcum(unit)!,
    };

    private static string MultiplyUnits(string left, string right)
    {
        if (left == FhirPathQuantity.Unity)
        {
            return right;
        }

        if (right == FhirPathQuantity.Unity)
        {
            return left;
        }

        return Group(left, '/') + "." + Group(right, '/');
    }

    private static string DivideUnits(string left, string right)
    {
        if (right == FhirPathQuantity.Unity)
        {
            return left;
        }

        if (left == right)
        {
            return FhirPathQuantity.Unity;
        }

        var numerator = left == FhirPathQuantity.Unity ? string.Empty : Group(left, '/');
        return numerator + "/" + (right.Contains('.', StringComparison.Ordinal) || right.Contains('/', StringComparison.Ordinal) ? $"({right})" : right);
    }

    private static string Group(string unit, char separator) =>
        unit.Contains(separator, StringComparison.Ordinal) ? $"({unit})" : unit;
}
