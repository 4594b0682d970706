using System.Globalization;
using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// A primitive's text must be a valid lexical value of its type: the regex of the type's definition (whole value),
/// plus what a regex cannot say: 32-bit ranges of integer, positiveInt and unsignedInt, real calendar dates
/// (no 30 February), decimals within double range (so they have a canonical form), maximum lengths.
/// base64Binary is checked without its regex, which would be slow on megabyte attachments. Regexes run
/// non-backtracking, so even huge values are checked in linear time.
/// </summary>
public sealed class PrimitiveValueRule : IElementRule
{
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    public PrimitiveValueRule(FhirDefinitions definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        foreach (var type in definitions.Types)
        {
            if (type is { Kind: TypeKind.PrimitiveType, ValuePattern: { } pattern } && type.Name != "base64Binary")
            {
                _patterns[type.Name] = FhirRegex.Compile(pattern);
            }
        }
    }

    public void Check(ElementNode node, ElementDefinitionInfo? definition, ValidationContext context)
    {
        var text = node.Text;
        if (text is null || node.IsResource)
        {
            return;
        }

        var type = context.Definitions.FindType(node.InstanceType);
        if (type is not { Kind: TypeKind.PrimitiveType })
        {
            context.Error("structure", $"'{node.Name}' has a value but its type {node.InstanceType} is not a primitive.", node.Location);
            return;
        }

        var problem = Problem(type, text);
        if (problem is null)
        {
            var maxLength = definition?.MaxLength ?? type.MaxLength;
            if (maxLength is { } limit && text.Length > limit)
            {
                problem = $"is longer than the maximum length {limit}";
            }
        }

        if (problem is not null)
        {
            context.Error("value", $"'{Shorten(text)}' is not a valid {type.Name}: it {problem}.", node.Location);
        }
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "...";

    private static bool IsValidDate(string text)
    {
        // The regex has already fixed the layout: YYYY[-MM[-DD[T...]]].
        if (text.Length < 10)
        {
            return true;
        }

        var year = int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var month = int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(text.AsSpan(8, 2), CultureInfo.InvariantCulture);
        return day <= DateTime.DaysInMonth(year, month);
    }

    private static bool IsBase64(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }

            count++;
        }

        return count > 0 && count % 4 == 0;
    }

    private string? Problem(TypeDefinition type, string text)
    {
        if (type.Name == "base64Binary")
        {
            return IsBase64(text) ? null : "is not base64 (groups of four characters from A-Z, a-z, 0-9, +, /, =)";
        }

        if (_patterns.TryGetValue(type.Name, out var pattern) && !pattern.IsMatch(text))
        {
            return $"does not match the {type.Name} format";
        }

        switch (type.Name)
        {
            case "integer" when !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
            case "positiveInt" or "unsignedInt" when !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _):
                return "is outside the 32-bit range";
            case "decimal" when !double.IsFinite(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)):
                return "is outside the range of IEEE 754 double precision";
            case "date" or "dateTime" or "instant" when !IsValidDate(text):
                return "names a day that does not exist";
            default:
                return null;
        }
    }
}
