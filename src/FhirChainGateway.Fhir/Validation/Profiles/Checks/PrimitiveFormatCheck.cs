using System.Globalization;
using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// A primitive's text is a valid lexical value of its type: the regex of the type's definition (whole value, XML
/// Schema meaning of <c>\s</c>), plus what a regex cannot say: 32-bit ranges, real calendar days, decimals within
/// double range, base64 alphabet. One shared instance per plan compiler; regexes compiled once, run non-backtracking.
/// </summary>
internal sealed class PrimitiveFormatCheck : INodeCheck
{
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);
    private readonly FhirDefinitions _definitions;

    public PrimitiveFormatCheck(FhirDefinitions definitions)
    {
        _definitions = definitions;
        foreach (var type in definitions.Types)
        {
            if (type is { Kind: TypeKind.PrimitiveType, ValuePattern: { } pattern } && type.Name != "base64Binary")
            {
                _patterns[type.Name] = FhirRegex.Compile(pattern);
            }
        }
    }

    public void Check(ElementNode node, ValidationRun run)
    {
        var text = node.Text;
        if (text is null || node.IsResource)
        {
            return;
        }

        var type = _definitions.FindType(node.InstanceType);
        if (type is not { Kind: TypeKind.PrimitiveType })
        {
            run.Error("structure", $"'{node.Name}' has a value but its type {node.InstanceType} is not a primitive.", node);
            return;
        }

        if (text.Length == 0)
        {
            run.Error("value", "Primitive types must have a value that is not empty.", node);
            return;
        }

        if (Problem(type, text) is { } problem)
        {
            run.Error("value", $"'{Texts.Shorten(text)}' is not a valid {type.Name}: it {problem}.", node);
        }
        else if (type.MaxLength is { } limit && text.Length > limit)
        {
            run.Error("value", $"The {type.Name} value is {text.Length} characters long; the maximum is {limit}.", node);
        }
    }

    private static bool IsValidDate(string text)
    {
        // The regex has fixed the layout: YYYY[-MM[-DD[T...]]].
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
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }

            count++;
        }

        return count % 4 == 0;
    }

    private string? Problem(TypeDefinition type, string text)
    {
        if (type.Name == "base64Binary")
        {
            return IsBase64(text) ? null : "is not a valid Base64 value (groups of four characters from A-Z, a-z, 0-9, +, /, =)";
        }

        if (_patterns.TryGetValue(type.Name, out var pattern) && !pattern.IsMatch(text))
        {
            return type.Name is "dateTime" or "instant" && text.Length > 10 && text.Contains('T', StringComparison.Ordinal) && !HasZone(text)
                ? "has a time but no timezone (if a date has a time, it must have a timezone)"
                : $"does not match the {type.Name} format";
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

    private static bool HasZone(string text) =>
        text.EndsWith('Z') || text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':';
}
