using System.Globalization;

namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>
/// A FHIRPath System.Quantity: a decimal value with either a UCUM unit (<c>4 'mg'</c>) or a calendar duration
/// keyword (<c>7 days</c>). A quantity without a unit has the UCUM unity <c>'1'</c>.
/// </summary>
public sealed class FhirPathQuantity
{
    public const string Unity = "1";

    public FhirPathQuantity(decimal value, string? unit = null)
    {
        Value = value;
        Unit = string.IsNullOrEmpty(unit) ? Unity : unit;
        CalendarUnit = CalendarUnits.FromKeyword(Unit);
    }

    public decimal Value { get; }

    /// <summary>The UCUM code or the calendar keyword exactly as written (<c>days</c> stays plural).</summary>
    public string Unit { get; }

    /// <summary>Set when the unit is a calendar duration keyword (<c>year</c>, <c>months</c>, <c>week</c>, ...).</summary>
    public CalendarUnit? CalendarUnit { get; }

    public bool IsCalendarDuration => CalendarUnit is not null;

    /// <summary>
    /// The unit as a calendar unit for date/time arithmetic: calendar keywords and the UCUM codes of definite
    /// durations (<c>wk</c>, <c>d</c>, <c>h</c>, <c>min</c>, <c>s</c>, <c>ms</c>). UCUM <c>a</c> and <c>mo</c> are not
    /// calendar units: their UCUM lengths (365.25 days, a twelfth of that) differ from calendar years and months.
    /// </summary>
    public CalendarUnit? TimeUnit => CalendarUnit ?? CalendarUnits.FromUcum(Unit);

    /// <summary>FHIRPath lexical form: <c>4 'mg'</c>, <c>7 days</c>.</summary>
    public override string ToString()
    {
        var value = Value.ToString(CultureInfo.InvariantCulture);
        return IsCalendarDuration ? $"{value} {Unit}" : $"{value} '{Unit}'";
    }

    /// <summary>
    /// Parses the <c>toQuantity()</c> string form: a number optionally followed by a quoted UCUM unit or a calendar
    /// keyword (<c>'1 \'wk\''</c>, <c>'4 days'</c>). A bare word that is not a calendar keyword is rejected.
    /// </summary>
    public static bool TryParse(string text, out FhirPathQuantity quantity)
    {
        quantity = null!;
        var trimmed = text.Trim();
        var space = trimmed.IndexOf(' ');
        var number = space < 0 ? trimmed : trimmed[..space];
        if (!FhirPathDecimal.TryParse(number, out var value))
        {
            return false;
        }

        if (space < 0)
        {
            quantity = new FhirPathQuantity(value);
            return true;
        }

        var unit = trimmed[(space + 1)..].Trim();
        if (unit.Length >= 2 && unit[0] == '\'' && unit[^1] == '\'')
        {
            unit = unit[1..^1];
            if (unit.Length == 0)
            {
                return false;
            }
        }
        else if (CalendarUnits.FromKeyword(unit) is null)
        {
            return false;
        }

        quantity = new FhirPathQuantity(value, unit);
        return true;
    }
}
