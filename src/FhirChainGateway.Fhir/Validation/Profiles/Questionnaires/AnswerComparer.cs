using System.Globalization;
using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Validation.Profiles.Checks;

namespace FhirChainGateway.Fhir.Validation.Profiles.Questionnaires;

/// <summary>Compares a response answer with a value from the Questionnaire (options, enableWhen answers, limits).</summary>
internal static class AnswerComparer
{
    public static bool Equal(ElementNode answer, string type, JsonElement expected)
    {
        switch (type)
        {
            case "Coding":
                return answer.InstanceType == "Coding"
                    && answer.ChildText("code") == expected.GetStringOrNull("code")
                    && (expected.GetStringOrNull("system") is not { } system || answer.ChildText("system") == system);
            case "Reference":
                return answer.ChildText("reference") == expected.GetStringOrNull("reference");
            case "Quantity":
                return answer.ChildText("value") is { } v && expected.GetPropertyOrNull("value") is { } ev
                    && Compare(v, ev.GetRawText()) == 0 && answer.ChildText("code") == expected.GetStringOrNull("code");
            default:
                if (answer.Text is null)
                {
                    return false;
                }

                return expected.ValueKind == JsonValueKind.Number ? Compare(answer.Text, expected.GetRawText()) == 0 : FhirValueMatcher.PrimitiveEquals(answer.Text, expected);
        }
    }

    /// <summary>Sign of (answer - expected) for numbers, dates and times; null when they cannot be compared.</summary>
    public static int? Compare(ElementNode answer, JsonElement expected)
    {
        if (answer.Text is not { } text)
        {
            return null;
        }

        var other = expected.ValueKind == JsonValueKind.String ? expected.GetString()! : expected.GetRawText();
        return answer.InstanceType switch
        {
            "integer" or "decimal" or "positiveInt" or "unsignedInt" => Compare(text, other),
            "date" or "dateTime" or "instant" => CompareDates(text, other),
            "time" or "string" => string.CompareOrdinal(text, other),
            _ => null,
        };
    }

    private static int? Compare(string a, string b) =>
        decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y)
            : null;

    /// <summary>Dates of different precision compare on their common prefix (2021 is within 2021-05).</summary>
    private static int CompareDates(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        return string.CompareOrdinal(a[..length], b[..length]);
    }
}
