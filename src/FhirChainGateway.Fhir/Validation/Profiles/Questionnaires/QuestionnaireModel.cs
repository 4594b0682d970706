using System.Text.Json;
using FhirChainGateway.Fhir.Definitions;

namespace FhirChainGateway.Fhir.Validation.Profiles.Questionnaires;

/// <summary>The parts of a Questionnaire item a QuestionnaireResponse is checked against, read from its JSON.</summary>
internal sealed class QuestionnaireItem
{
    public const string MinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
    public const string MaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";
    public const string MinLength = "http://hl7.org/fhir/StructureDefinition/minLength";
    public const string MaxDecimalPlaces = "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces";
    public const string Regex = "http://hl7.org/fhir/StructureDefinition/regex";
    public const string MaxSize = "http://hl7.org/fhir/StructureDefinition/maxSize";
    public const string MimeType = "http://hl7.org/fhir/StructureDefinition/mimeType";
    public const string UnitOption = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption";
    public const string MinOccurs = "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs";
    public const string MaxOccurs = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs";
    public const string OptionExclusive = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";
    public const string MinQuantity = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-minQuantity";
    public const string MaxQuantity = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-maxQuantity";

    public required string LinkId { get; init; }

    public required string Type { get; init; }

    public bool Required { get; init; }

    public bool Repeats { get; init; }

    public int? MaxLength { get; init; }

    public string? AnswerValueSet { get; init; }

    public string EnableBehavior { get; init; } = "all";

    public List<QuestionnaireOption> Options { get; } = [];

    public List<EnableWhen> EnableWhen { get; } = [];

    public List<QuestionnaireItem> Items { get; } = [];

    /// <summary>The item's extensions by URL (value elements as JSON).</summary>
    public Dictionary<string, List<JsonElement>> Extensions { get; } = new(StringComparer.Ordinal);

    public JsonElement? Extension(string url) => Extensions.TryGetValue(url, out var values) && values.Count > 0 ? values[0] : null;

    public static List<QuestionnaireItem> ReadItems(JsonElement parent)
    {
        var result = new List<QuestionnaireItem>();
        foreach (var json in parent.GetArrayOrEmpty("item"))
        {
            var item = new QuestionnaireItem
            {
                LinkId = json.GetStringOrNull("linkId") ?? string.Empty,
                Type = json.GetStringOrNull("type") ?? "string",
                Required = json.GetBooleanOr("required", false),
                Repeats = json.GetBooleanOr("repeats", false),
                MaxLength = json.GetInt32OrNull("maxLength"),
                AnswerValueSet = json.GetStringOrNull("answerValueSet"),
                EnableBehavior = json.GetStringOrNull("enableBehavior") ?? "all",
            };
            foreach (var extension in json.GetArrayOrEmpty("extension"))
            {
                if (extension.GetStringOrNull("url") is { } url && ValueOf(extension) is { } value)
                {
                    if (!item.Extensions.TryGetValue(url, out var list))
                    {
                        item.Extensions[url] = list = [];
                    }

                    list.Add(value.Value);
                }
            }

            foreach (var option in json.GetArrayOrEmpty("answerOption"))
            {
                if (ValueOf(option) is { } value)
                {
                    var exclusive = option.GetArrayOrEmpty("extension").Any(e => e.GetStringOrNull("url") == OptionExclusive && e.GetBooleanOr("valueBoolean", false));
                    item.Options.Add(new QuestionnaireOption(value.Type, value.Value, exclusive));
                }
            }

            foreach (var condition in json.GetArrayOrEmpty("enableWhen"))
            {
                var answer = ValueOf(condition, "answer");
                item.EnableWhen.Add(new EnableWhen(
                    condition.GetStringOrNull("question") ?? string.Empty,
                    condition.GetStringOrNull("operator") ?? "=",
                    answer?.Type,
                    answer?.Value));
            }

            item.Items.AddRange(ReadItems(json));
            result.Add(item);
        }

        return result;
    }

    /// <summary>The <c>value[x]</c> (or <c>answer[x]</c>) of a JSON element: its FHIR type and JSON value.</summary>
    public static (string Type, JsonElement Value)? ValueOf(JsonElement element, string prefix = "value")
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Length > prefix.Length && property.Name.StartsWith(prefix, StringComparison.Ordinal) && char.IsAsciiLetterUpper(property.Name[prefix.Length]))
            {
                var suffix = property.Name[prefix.Length..];
                return (Snapshots.ElementDefReader.TypeOfSuffix(suffix), property.Value);
            }
        }

        return null;
    }
}

/// <summary>An answerOption: its type, value and whether choosing it excludes all other answers.</summary>
internal sealed record QuestionnaireOption(string Type, JsonElement Value, bool Exclusive);

/// <summary>An enableWhen condition.</summary>
internal sealed record EnableWhen(string Question, string Operator, string? AnswerType, JsonElement? Answer);
