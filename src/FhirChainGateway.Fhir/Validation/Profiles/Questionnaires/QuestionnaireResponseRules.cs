using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Terminology;
using FhirChainGateway.Fhir.Validation.Profiles.Checks;

namespace FhirChainGateway.Fhir.Validation.Profiles.Questionnaires;

/// <summary>
/// A QuestionnaireResponse against its Questionnaire (when it can be resolved): every item's linkId exists,
/// required items are answered (when the response is completed), items disabled by enableWhen carry no answers,
/// answers have the item's type, come from its answerOptions or answerValueSet, respect the item's limits
/// (min/max value, length, decimal places, regex, attachment size and type, units, occurrences), and exclusive
/// options stand alone.
/// </summary>
internal static class QuestionnaireResponseRules
{
    public static void Check(ElementNode response, ValidationRun run)
    {
        var url = response.ChildText("questionnaire");
        if (url is null)
        {
            return;
        }

        if (run.Resources.FindCanonicalResource("Questionnaire", url) is not { } json)
        {
            run.Information("not-found", $"The questionnaire '{url}' could not be resolved, so no validation can be performed against it.", response);
            return;
        }

        var items = QuestionnaireItem.ReadItems(json);
        var status = response.ChildText("status");
        var context = new ResponseContext(response, status is "completed" or "amended", run);
        ValidateItems(response, response.ChildrenNamed("item").ToList(), items, context);
    }

    private static void ValidateItems(ElementNode parent, List<ElementNode> responseItems, List<QuestionnaireItem> definitions, ResponseContext context)
    {
        var run = context.Run;
        foreach (var item in responseItems)
        {
            var linkId = item.ChildText("linkId");
            if (linkId is not null && definitions.All(d => d.LinkId != linkId))
            {
                run.Error("structure", $"LinkId '{linkId}' not found in questionnaire.", context.Response);
            }
        }

        foreach (var definition in definitions)
        {
            var matching = responseItems.Where(i => i.ChildText("linkId") == definition.LinkId).ToList();
            var enabled = EnableWhenEvaluator.IsEnabled(definition, context);
            if (!enabled)
            {
                foreach (var item in matching)
                {
                    if (item.ChildrenNamed("answer").Any() || HasAnswersBelow(item))
                    {
                        run.Error("business-rule", $"Item has answer, even though it is not enabled (item id = '{definition.LinkId}').", item);
                    }
                }

                continue;
            }

            if (definition.Required && context.Complete)
            {
                if (definition.Type == "group")
                {
                    if (matching.Count == 0)
                    {
                        run.Error("required", $"No response found for required group '{definition.LinkId}'.", parent);
                    }
                    else if (matching.Any(m => !m.ChildrenNamed("item").Any()))
                    {
                        run.Error("required", "No sub-items found for required group.", matching.First(m => !m.ChildrenNamed("item").Any()));
                    }
                }
                else if (definition.Type != "display" && matching.All(m => !m.ChildrenNamed("answer").Any()))
                {
                    run.Error("required", $"No response answer found for required item '{definition.LinkId}'.", matching.Count > 0 ? matching[0] : parent);
                }
            }

            if (!definition.Repeats && matching.Count > 1 && definition.Type != "group")
            {
                run.Error("structure", $"Only one response item with the linkId '{definition.LinkId}' is allowed.", matching[1]);
            }

            foreach (var item in matching)
            {
                ValidateItem(item, definition, context);
            }
        }
    }

    private static bool HasAnswersBelow(ElementNode item)
    {
        foreach (var child in item.ChildrenNamed("item"))
        {
            if (child.ChildrenNamed("answer").Any() || HasAnswersBelow(child))
            {
                return true;
            }
        }

        return false;
    }

    private static void ValidateItem(ElementNode item, QuestionnaireItem definition, ResponseContext context)
    {
        var run = context.Run;
        var answers = item.ChildrenNamed("answer").ToList();
        if (answers.Count > 0 && definition.Type is "display" or "group")
        {
            run.Error("structure", $"Items of type '{definition.Type}' cannot have answers.", item);
        }

        if (answers.Count > 1 && !definition.Repeats)
        {
            run.Error("structure", "Only one response answer item with this linkId allowed.", item);
        }

        if (definition.Extension(QuestionnaireItem.MinOccurs) is { ValueKind: JsonValueKind.Number } minOccurs && answers.Count < minOccurs.GetInt32())
        {
            run.Error("structure", $"The minimum number of answers is {minOccurs.GetInt32()} but this has {answers.Count} answers.", item);
        }

        if (definition.Extension(QuestionnaireItem.MaxOccurs) is { ValueKind: JsonValueKind.Number } maxOccurs && answers.Count > maxOccurs.GetInt32())
        {
            run.Error("structure", $"The maximum number of answers is {maxOccurs.GetInt32()} but this has {answers.Count} answers.", item);
        }

        foreach (var answer in answers)
        {
            if (answer.FirstChild("value") is { } value)
            {
                ValidateAnswer(answer, value, answers.Count, definition, context);
            }

            ValidateItems(answer, answer.ChildrenNamed("item").ToList(), definition.Items, context);
        }

        if (definition.Type == "group" || answers.Count == 0)
        {
            ValidateItems(item, item.ChildrenNamed("item").ToList(), definition.Items, context);
        }
    }

    private static void ValidateAnswer(ElementNode answer, ElementNode value, int answerCount, QuestionnaireItem definition, ResponseContext context)
    {
        var run = context.Run;
        var expected = ExpectedTypes(definition.Type);
        if (expected.Length > 0 && !expected.Contains(value.InstanceType))
        {
            run.Error("structure", $"Answer value must be of the type {expected[0]} not {value.InstanceType}.", value);
            return;
        }

        var options = definition.Options.Where(o => o.Type == value.InstanceType).ToList();
        if (definition.Options.Count > 0)
        {
            var chosen = options.FirstOrDefault(o => AnswerComparer.Equal(value, o.Type, o.Value));
            if (chosen is null)
            {
                if (options.Count == 0 && !(definition.Type == "open-choice" && value.InstanceType == "string"))
                {
                    run.Error("structure", $"Option list has no option values of type {value.InstanceType}.", answer);
                }
                else if (options.Count > 0 && !(definition.Type == "open-choice" && value.InstanceType == "string"))
                {
                    run.Error("code-invalid", value.InstanceType == "Coding"
                        ? $"The code {value.ChildText("system")}#{value.ChildText("code")} is not in the set of permitted options."
                        : $"The {value.InstanceType} {Texts.Shorten(value.Text ?? string.Empty)} is not in the set of permitted values.", value);
                }
            }
            else if (chosen.Exclusive && answerCount > 1)
            {
                run.Error("business-rule", $"Selected answer {Describe(value)} is an exclusive option - can't select anything else at the same time.", answer);
            }
        }
        else if (definition.AnswerValueSet is { } valueSet && value.InstanceType == "Coding" && value.ChildText("code") is { } code
            && run.Resources.Terminology.Expand(valueSet) is { } expansion && expansion.Contains(value.ChildText("system"), code) == Membership.NotMember)
        {
            run.Error("code-invalid", $"The code '{code}' in the system '{value.ChildText("system")}' is not in the options value set ({expansion.Name ?? valueSet}) specified by the questionnaire.", answer);
        }

        CheckLimits(answer, value, definition, run);
    }

    private static void CheckLimits(ElementNode answer, ElementNode value, QuestionnaireItem definition, ValidationRun run)
    {
        var text = value.Text;
        if (definition.Extension(QuestionnaireItem.MinValue) is { } min && AnswerComparer.Compare(value, min) is < 0)
        {
            run.Error("value", $"The value {text} is less than the allowed minimum of {FhirValueMatcher.Describe(min)}.", value);
        }

        if (definition.Extension(QuestionnaireItem.MaxValue) is { } max && AnswerComparer.Compare(value, max) is > 0)
        {
            run.Error("value", $"The value {text} is greater than the allowed maximum of {FhirValueMatcher.Describe(max)}.", value);
        }

        if (text is not null && value.InstanceType is "string" or "uri" or "url")
        {
            if (definition.Extension(QuestionnaireItem.MinLength) is { ValueKind: JsonValueKind.Number } minLength && text.Length < minLength.GetInt32())
            {
                run.Error("value", $"The answer '{Texts.Shorten(text)}' is shorter than the required minimum length of {minLength.GetInt32()}.", value);
            }

            if (definition.MaxLength is { } maxLength && text.Length > maxLength)
            {
                run.Error("value", $"The answer '{Texts.Shorten(text)}' is longer than the allowed maximum length of {maxLength}.", value);
            }

            if (definition.Extension(QuestionnaireItem.Regex) is { ValueKind: JsonValueKind.String } regex && !Matches(regex.GetString()!, text))
            {
                run.Error("value", $"The answer '{Texts.Shorten(text)}' does not conform to the expected format (regex '{regex.GetString()}').", value);
            }
        }

        if (text is not null && value.InstanceType == "decimal" && definition.Extension(QuestionnaireItem.MaxDecimalPlaces) is { ValueKind: JsonValueKind.Number } places)
        {
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            var decimals = dot < 0 ? 0 : text.Length - dot - 1;
            if (decimals > places.GetInt32())
            {
                run.Error("value", $"The value {text} has too many decimal places (limit = {places.GetInt32()}).", value);
            }
        }

        if (value.InstanceType == "Attachment")
        {
            CheckAttachment(answer, value, definition, run);
        }

        if (value.InstanceType == "Quantity")
        {
            CheckQuantity(value, definition, run);
        }
    }

    private static void CheckAttachment(ElementNode answer, ElementNode attachment, QuestionnaireItem definition, ValidationRun run)
    {
        if (definition.Extension(QuestionnaireItem.MaxSize) is { ValueKind: JsonValueKind.Number } maxSize)
        {
            long? size = attachment.ChildText("size") is { } declared && long.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
            size ??= attachment.ChildText("data") is { } data ? Base64Length(data) : null;
            if (size is { } actual && actual > maxSize.GetDecimal())
            {
                run.Error("value", $"The attachment is too large (allowed = {maxSize.GetRawText()}, found = {actual}).", answer);
            }
        }

        if (definition.Extensions.TryGetValue(QuestionnaireItem.MimeType, out var types) && attachment.ChildText("contentType") is { } contentType
            && !types.Any(t => t.ValueKind == JsonValueKind.String && string.Equals(t.GetString(), contentType, StringComparison.OrdinalIgnoreCase)))
        {
            run.Error("value", $"The mime type {contentType} is not valid for this answer (allowed = {string.Join(", ", types.Select(t => t.GetString()))}).", answer);
        }
    }

    private static void CheckQuantity(ElementNode quantity, QuestionnaireItem definition, ValidationRun run)
    {
        if (definition.Extensions.TryGetValue(QuestionnaireItem.UnitOption, out var units))
        {
            var system = quantity.ChildText("system");
            var code = quantity.ChildText("code");
            if (!units.Any(u => u.GetStringOrNull("system") == system && u.GetStringOrNull("code") == code))
            {
                var allowed = string.Join(",", units.Select(u => $"{u.GetStringOrNull("display")} ({u.GetStringOrNull("code")})"));
                run.Error("code-invalid", $"The value {quantity.ChildText("value")} {quantity.ChildText("unit")} ({system}#{code}) has a unit that is not valid (allowed = {allowed}).", quantity);
            }
        }

        foreach (var (url, isMinimum) in new[] { (QuestionnaireItem.MinQuantity, true), (QuestionnaireItem.MaxQuantity, false) })
        {
            if (definition.Extension(url) is not { ValueKind: JsonValueKind.Object } limit || quantity.ChildText("value") is not { } text)
            {
                continue;
            }

            var bound = isMinimum ? "minimum" : "maximum";
            var limitCode = limit.GetStringOrNull("code");
            var code = quantity.ChildText("code");
            var limitText = $"{limit.GetPropertyOrNull("value")?.GetRawText()} {limit.GetStringOrNull("unit") ?? limitCode}";
            if (code is null || limitCode is null)
            {
                run.Error("value", $"The quantity {text} {quantity.ChildText("unit")} cannot be compared to the allowed {bound} of {limitText} because no formal units are specified.", quantity);
                continue;
            }

            if (!FhirPath.Ucum.UcumUnits.TryConvert(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), code, limitCode, out var converted))
            {
                run.Error("value", $"The quantity {text} {quantity.ChildText("unit")} (UCUM#{code}) cannot be compared to the allowed {bound} of {limitText} (UCUM#{limitCode}).", quantity);
                continue;
            }

            var limitValue = limit.GetPropertyOrNull("value")?.GetDecimal() ?? 0m;
            if (isMinimum ? converted < limitValue : converted > limitValue)
            {
                run.Error("value", $"The quantity {text} {code} is {(isMinimum ? "less" : "greater")} than the allowed {bound} of {limitText}.", quantity);
            }
        }
    }

    private static long Base64Length(string data)
    {
        var length = data.Count(c => !char.IsWhiteSpace(c));
        var padding = data.TrimEnd().EndsWith("==", StringComparison.Ordinal) ? 2 : data.TrimEnd().EndsWith('=') ? 1 : 0;
        return length / 4 * 3 - padding;
    }

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    private static string Describe(ElementNode value) =>
        value.InstanceType == "Coding" ? $"{value.ChildText("system")}#{value.ChildText("code")}" : value.Text ?? value.InstanceType;

    /// <summary>The answer value types an item type allows (the HL7 validator accepts a string for a choice without options).</summary>
    private static string[] ExpectedTypes(string itemType) => itemType switch
    {
        "boolean" => ["boolean"],
        "decimal" => ["decimal"],
        "integer" => ["integer"],
        "date" => ["date"],
        "dateTime" => ["dateTime"],
        "time" => ["time"],
        "string" or "text" => ["string"],
        "url" => ["uri"],
        "choice" => ["Coding", "string"],
        "open-choice" => ["Coding", "string"],
        "attachment" => ["Attachment"],
        "reference" => ["Reference"],
        "quantity" => ["Quantity"],
        _ => [],
    };
}

/// <summary>The response being checked: its items by linkId (for enableWhen) and whether it is complete.</summary>
internal sealed class ResponseContext
{
    private Dictionary<string, List<ElementNode>>? _itemsByLinkId;

    public ResponseContext(ElementNode response, bool complete, ValidationRun run)
    {
        Response = response;
        Complete = complete;
        Run = run;
    }

    public ElementNode Response { get; }

    public bool Complete { get; }

    public ValidationRun Run { get; }

    /// <summary>Every response item with a linkId, anywhere in the response.</summary>
    public IReadOnlyList<ElementNode> ItemsWithLinkId(string linkId)
    {
        if (_itemsByLinkId is null)
        {
            _itemsByLinkId = new Dictionary<string, List<ElementNode>>(StringComparer.Ordinal);
            foreach (var node in Response.Descendants())
            {
                if (node.Name == "item" && node.ChildText("linkId") is { } id)
                {
                    if (!_itemsByLinkId.TryGetValue(id, out var list))
                    {
                        _itemsByLinkId[id] = list = [];
                    }

                    list.Add(node);
                }
            }
        }

        return _itemsByLinkId.TryGetValue(linkId, out var found) ? found : [];
    }
}
