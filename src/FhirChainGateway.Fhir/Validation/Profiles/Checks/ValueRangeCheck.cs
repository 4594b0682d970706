using System.Globalization;
using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Snapshots;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary><c>minValue[x]</c>/<c>maxValue[x]</c>: numbers, dates and times, and Quantities in the same unit.</summary>
internal sealed class ValueRangeCheck(ElementDef def, TypedJsonValue? min, TypedJsonValue? max) : INodeCheck
{
    public void Check(ElementNode node, ValidationRun run)
    {
        if (min is { } low && Compare(node, low) is { } c1 && c1 < 0)
        {
            run.Error("value", $"The value {Describe(node)} is less than the minimum value {Describe(low)} allowed by the profile{ValidationRun.From(def)}.", node);
        }

        if (max is { } high && Compare(node, high) is { } c2 && c2 > 0)
        {
            run.Error("value", $"The value {Describe(node)} is greater than the maximum value {Describe(high)} allowed by the profile{ValidationRun.From(def)}.", node);
        }
    }

    /// <summary>The sign of (node - limit), or null when they cannot be compared.</summary>
    internal static int? Compare(ElementNode node, TypedJsonValue limit)
    {
        var value = limit.Value;
        if (value.ValueKind == JsonValueKind.Object)
        {
            // A Quantity limit: compare values when the units agree (or the limit names none).
            var limitValue = value.GetPropertyOrNull("value");
            var limitCode = value.GetStringOrNull("code") ?? value.GetStringOrNull("unit");
            var nodeCode = node.ChildText("code") ?? node.ChildText("unit");
            if (limitValue is not { } lv || node.ChildText("value") is not { } text || limitCode is not null && nodeCode is not null && limitCode != nodeCode)
            {
                return null;
            }

            return CompareDecimal(text, lv.GetRawText());
        }

        if (node.Text is not { } nodeText)
        {
            return null;
        }

        var limitText = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return limit.Type switch
        {
            "integer" or "positiveInt" or "unsignedInt" or "decimal" or "integer64" => CompareDecimal(nodeText, limitText),
            "date" or "dateTime" or "instant" => CompareInstant(nodeText, limitText),
            "time" => string.CompareOrdinal(nodeText, limitText),
            _ => null,
        };
    }

    private static int? CompareDecimal(string a, string b) =>
        decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y)
            : null;

    private static int? CompareInstant(string a, string b) =>
        LowerBound(a) is { } x && LowerBound(b) is { } y ? x.CompareTo(y) : null;

    private static DateTimeOffset? LowerBound(string text)
    {
        string[] formats = ["yyyy", "yyyy-MM", "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];
        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }

    private static string Describe(ElementNode node) => node.Text ?? $"{node.ChildText("value")} {node.ChildText("code") ?? node.ChildText("unit")}".Trim();

    private static string Describe(TypedJsonValue value) => value.Value.ValueKind == JsonValueKind.Object
        ? $"{value.Value.GetPropertyOrNull("value")?.GetRawText()} {value.Value.GetStringOrNull("code") ?? value.Value.GetStringOrNull("unit")}".Trim()
        : FhirValueMatcher.Describe(value.Value);
}
