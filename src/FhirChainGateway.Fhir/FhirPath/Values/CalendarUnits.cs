using System.Collections.Frozen;

namespace FhirChainGateway.Fhir.FhirPath.Values;

/// <summary>Recognises calendar duration keywords and maps between them and UCUM time units.</summary>
internal static class CalendarUnits
{
    private static readonly FrozenDictionary<string, CalendarUnit> Keywords = new Dictionary<string, CalendarUnit>(StringComparer.Ordinal)
    {
        ["year"] = CalendarUnit.Year, ["years"] = CalendarUnit.Year,
        ["month"] = CalendarUnit.Month, ["months"] = CalendarUnit.Month,
        ["week"] = CalendarUnit.Week, ["weeks"] = CalendarUnit.Week,
        ["day"] = CalendarUnit.Day, ["days"] = CalendarUnit.Day,
        ["hour"] = CalendarUnit.Hour, ["hours"] = CalendarUnit.Hour,
        ["minute"] = CalendarUnit.Minute, ["minutes"] = CalendarUnit.Minute,
        ["second"] = CalendarUnit.Second, ["seconds"] = CalendarUnit.Second,
        ["millisecond"] = CalendarUnit.Millisecond, ["milliseconds"] = CalendarUnit.Millisecond,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, CalendarUnit> DefiniteUcum = new Dictionary<string, CalendarUnit>(StringComparer.Ordinal)
    {
        ["wk"] = CalendarUnit.Week,
        ["d"] = CalendarUnit.Day,
        ["h"] = CalendarUnit.Hour,
        ["min"] = CalendarUnit.Minute,
        ["s"] = CalendarUnit.Second,
        ["ms"] = CalendarUnit.Millisecond,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static CalendarUnit? FromKeyword(string unit) => Keywords.TryGetValue(unit, out var calendar) ? calendar : null;

    public static CalendarUnit? FromUcum(string unit) => DefiniteUcum.TryGetValue(unit, out var calendar) ? calendar : null;

    public static bool IsKeyword(string word) => Keywords.ContainsKey(word);

    /// <summary>The UCUM code of a definite-length calendar unit; null for year and month, whose length varies.</summary>
    public static string? ToUcum(CalendarUnit unit) => unit switch
    {
        CalendarUnit.Week => "wk",
        CalendarUnit.Day => "d",
        CalendarUnit.Hour => "h",
        CalendarUnit.Minute => "min",
        CalendarUnit.Second => "s",
        CalendarUnit.Millisecond => "ms",
        _ => null,
    };
}
