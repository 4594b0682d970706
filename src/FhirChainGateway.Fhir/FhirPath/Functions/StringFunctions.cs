using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.FhirPath.Evaluation;

namespace FhirChainGateway.Fhir.FhirPath.Functions;

/// <summary>
/// The string functions. Their input must be a single String (empty gives empty, anything else is an error);
/// regular expressions follow .NET syntax, which covers the PCRE subset FHIRPath uses, with '.' matching newlines.
/// </summary>
internal static class StringFunctions
{
    /// <summary>Bounds the time a hostile pattern can take; a match that runs out is an evaluation error.</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    internal const RegexOptions PatternOptions = RegexOptions.Singleline | RegexOptions.CultureInvariant;

    public static void Register(Action<FunctionSignature> add)
    {
        AddString(add, "indexOf", 1, 1, ResultTypes.Integer, (call, frame, text) =>
            call.StringArgument(0, frame) is { } sub ? [FhirPathValue.FromInteger(text.IndexOf(sub, StringComparison.Ordinal))] : Collections.Empty);
        AddString(add, "lastIndexOf", 1, 1, ResultTypes.Integer, (call, frame, text) =>
            call.StringArgument(0, frame) is { } sub ? [FhirPathValue.FromInteger(text.LastIndexOf(sub, StringComparison.Ordinal))] : Collections.Empty);
        AddString(add, "substring", 1, 2, ResultTypes.String, Substring);
        AddString(add, "startsWith", 1, 1, ResultTypes.Boolean, (call, frame, text) =>
            call.StringArgument(0, frame) is { } prefix ? Collections.Boolean(text.StartsWith(prefix, StringComparison.Ordinal)) : Collections.Empty);
        AddString(add, "endsWith", 1, 1, ResultTypes.Boolean, (call, frame, text) =>
            call.StringArgument(0, frame) is { } suffix ? Collections.Boolean(text.EndsWith(suffix, StringComparison.Ordinal)) : Collections.Empty);
        AddString(add, "contains", 1, 1, ResultTypes.Boolean, (call, frame, text) =>
            call.StringArgument(0, frame) is { } part ? Collections.Boolean(text.Contains(part, StringComparison.Ordinal)) : Collections.Empty);
        AddString(add, "upper", 0, 0, ResultTypes.String, (_, _, text) => [FhirPathValue.FromString(text.ToUpperInvariant())]);
        AddString(add, "lower", 0, 0, ResultTypes.String, (_, _, text) => [FhirPathValue.FromString(text.ToLowerInvariant())]);
        AddString(add, "replace", 2, 2, ResultTypes.String, Replace);
        AddString(add, "matches", 1, 1, ResultTypes.Boolean, (call, frame, text) => Matches(call, frame, text, full: false));
        AddString(add, "matchesFull", 1, 1, ResultTypes.Boolean, (call, frame, text) => Matches(call, frame, text, full: true));
        AddString(add, "replaceMatches", 2, 2, ResultTypes.String, ReplaceMatches);
        AddString(add, "length", 0, 0, ResultTypes.Integer, (_, _, text) => [FhirPathValue.FromInteger(text.Length)]);
        AddString(add, "toChars", 0, 0, ResultTypes.Strings, (_, _, text) =>
        {
            var chars = new FhirPathValue[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                chars[i] = FhirPathValue.FromString(text[i].ToString());
            }

            return chars;
        });
        AddString(add, "trim", 0, 0, ResultTypes.String, (_, _, text) => [FhirPathValue.FromString(text.Trim())]);
        AddString(add, "split", 1, 1, ResultTypes.Strings, (call, frame, text) =>
        {
            if (call.StringArgument(0, frame) is not { } separator)
            {
                return Collections.Empty;
            }

            var parts = separator.Length == 0 ? text.Select(c => c.ToString()).ToArray() : text.Split(separator);
            return parts.Select(FhirPathValue.FromString).ToArray();
        });
        AddString(add, "encode", 1, 1, ResultTypes.String, (call, frame, text) => Collections.Optional(Encode(call.StringArgument(0, frame), text)));
        AddString(add, "decode", 1, 1, ResultTypes.String, (call, frame, text) => Collections.Optional(Decode(call.StringArgument(0, frame), text)));
        AddString(add, "escape", 1, 1, ResultTypes.String, (call, frame, text) => Collections.Optional(Escape(call.StringArgument(0, frame), text)));
        AddString(add, "unescape", 1, 1, ResultTypes.String, (call, frame, text) => Collections.Optional(Unescape(call.StringArgument(0, frame), text)));

        add(new("join", 0, 1, Join) { ResultType = ResultTypes.String, ArgumentTypes = [SystemTypes.String] });
    }

    private delegate IReadOnlyList<FhirPathValue> StringBody(FunctionEvaluator call, Frame frame, string text);

    private static void AddString(
        Action<FunctionSignature> add, string name, int min, int max, Func<FunctionBinding, Binding.StaticType> resultType, StringBody body)
    {
        // Every argument of the string functions is a String, except substring's start and length.
        string?[] argumentTypes = name == "substring" ? [SystemTypes.Integer, SystemTypes.Integer] : [SystemTypes.String, SystemTypes.String];
        add(new(name, min, max, (FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus) =>
            call.StringInput(focus) is { } text ? body(call, frame, text) : Collections.Empty)
        {
            ResultType = resultType,
            ArgumentTypes = argumentTypes,
            Check = binding => Checks.StringInput(binding) is { } problem ? $"{name}() {problem}" : null,
        });
    }

    private static IReadOnlyList<FhirPathValue> Substring(FunctionEvaluator call, Frame frame, string text)
    {
        if (call.IntegerArgument(0, frame) is not { } start || start < 0 || start >= text.Length)
        {
            return Collections.Empty;
        }

        var length = call.ArgumentCount > 1 ? call.IntegerArgument(1, frame) : null;
        if (call.ArgumentCount > 1 && length is null)
        {
            return Collections.Empty;
        }

        var available = text.Length - start;
        var take = length is { } l ? Math.Clamp(l, 0, available) : available;
        return [FhirPathValue.FromString(text.Substring(start, take))];
    }

    private static IReadOnlyList<FhirPathValue> Replace(FunctionEvaluator call, Frame frame, string text)
    {
        var pattern = call.StringArgument(0, frame);
        var substitution = call.StringArgument(1, frame);
        if (pattern is null || substitution is null)
        {
            return Collections.Empty;
        }

        if (pattern.Length == 0)
        {
            // An empty pattern matches between every pair of characters and at both ends.
            var builder = new StringBuilder(substitution);
            foreach (var c in text)
            {
                builder.Append(c).Append(substitution);
            }

            return [FhirPathValue.FromString(builder.ToString())];
        }

        return [FhirPathValue.FromString(text.Replace(pattern, substitution, StringComparison.Ordinal))];
    }

    private static IReadOnlyList<FhirPathValue> Matches(FunctionEvaluator call, Frame frame, string text, bool full)
    {
        var regex = call.ConstantRegex ?? (call.StringArgument(0, frame) is { } pattern ? Compile(pattern, full) : null);
        return regex is null ? Collections.Empty : Collections.Boolean(Run(() => regex.IsMatch(text)));
    }

    private static IReadOnlyList<FhirPathValue> ReplaceMatches(FunctionEvaluator call, Frame frame, string text)
    {
        var pattern = call.StringArgument(0, frame);
        var substitution = call.StringArgument(1, frame);
        if (pattern is null || substitution is null)
        {
            return Collections.Empty;
        }

        if (pattern.Length == 0)
        {
            return [FhirPathValue.FromString(text)];
        }

        var regex = call.ConstantRegex ?? Compile(pattern, full: false);
        return [FhirPathValue.FromString(Run(() => regex.Replace(text, substitution)))];
    }

    /// <summary>Compiles a FHIRPath regular expression; <paramref name="full"/> anchors it to the whole string.</summary>
    internal static Regex Compile(string pattern, bool full)
    {
        try
        {
            return new Regex(full ? $"^(?:{pattern})$" : pattern, PatternOptions, RegexTimeout);
        }
        catch (ArgumentException error)
        {
            throw new FhirPathEvaluationException($"'{pattern}' is not a valid regular expression: {error.Message}");
        }
    }

    private static T Run<T>(Func<T> match)
    {
        try
        {
            return match();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new FhirPathEvaluationException($"The regular expression took longer than {RegexTimeout.TotalSeconds} seconds.");
        }
    }

    private static IReadOnlyList<FhirPathValue> Join(FunctionEvaluator call, in Frame frame, IReadOnlyList<FhirPathValue> focus)
    {
        var separator = call.ArgumentCount > 0 ? call.StringArgument(0, frame) ?? string.Empty : string.Empty;
        var parts = new List<string>(focus.Count);
        foreach (var item in focus)
        {
            parts.Add(Primitives.ToSystem(item) as string
                ?? throw new FhirPathEvaluationException($"join() needs String items but got a {Ordering.Describe(item)}."));
        }

        return [FhirPathValue.FromString(string.Join(separator, parts))];
    }

    private static FhirPathValue? Encode(string? format, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return format switch
        {
            "base64" => FhirPathValue.FromString(Convert.ToBase64String(bytes)),
            "urlbase64" => FhirPathValue.FromString(Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_')),
            "hex" => FhirPathValue.FromString(Convert.ToHexStringLower(bytes)),
            _ => null,
        };
    }

    private static FhirPathValue? Decode(string? format, string text)
    {
        try
        {
            var bytes = format switch
            {
                "base64" => Convert.FromBase64String(text),
                "urlbase64" => Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/')),
                "hex" => Convert.FromHexString(text),
                _ => null,
            };
            return bytes is null ? null : FhirPathValue.FromString(Encoding.UTF8.GetString(bytes));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static FhirPathValue? Escape(string? format, string text) => format switch
    {
        "html" => FhirPathValue.FromString(WebUtility.HtmlEncode(text)),
        "json" => FhirPathValue.FromString(JsonEncode(text)),
        _ => null,
    };

    private static FhirPathValue? Unescape(string? format, string text)
    {
        switch (format)
        {
            case "html":
                return FhirPathValue.FromString(WebUtility.HtmlDecode(text));
            case "json":
                return JsonDecode(text) is { } decoded ? FhirPathValue.FromString(decoded) : null;

            default:
                return null;
        }
    }

    /// <summary>Resolves JSON escape sequences; unescaped quotes are kept as they are (the text is not a JSON document).</summary>
    private static string? JsonDecode(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            var escaped = text[++i];
            switch (escaped)
            {
                case 'b':
                    builder.Append('\b');
                    break;
                case 'f':
                    builder.Append('\f');
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'u' when i + 4 < text.Length
                    && int.TryParse(text.AsSpan(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                case 'u':
                    return null;
                default:
                    builder.Append(escaped);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string JsonEncode(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
