using System.Text;
using System.Text.RegularExpressions;

namespace FhirChainGateway.Fhir.Validation;

/// <summary>
/// Compiles the regexes of FHIR definitions with their intended meaning. They follow XML Schema, where <c>\s</c>
/// is only space, tab, CR and LF; in .NET <c>\s</c> is every Unicode space, so a no-break space would wrongly fail
/// <c>string</c>'s <c>[ \r\n\t\S]+</c>. The whole value must match.
/// </summary>
public static class FhirRegex
{
    private const string XmlSpace = @" \t\n\r";
    private const string XmlNonSpaceRanges = @"\u0000-\u0008\u000B\u000C\u000E-\u001F\u0021-\uFFFF";

    public static Regex Compile(string pattern) =>
        new("^(?:" + Translate(pattern) + @")\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <summary>Rewrites <c>\s</c> and <c>\S</c> (inside and outside character classes) to their XML Schema sets.</summary>
    public static string Translate(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 32);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                result.Append((next, inClass) switch
                {
                    ('s', false) => "[" + XmlSpace + "]",
                    ('S', false) => "[^" + XmlSpace + "]",
                    ('s', true) => XmlSpace,
                    ('S', true) => XmlNonSpaceRanges,
                    _ => "\\" + next,
                });
                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass)
            {
                inClass = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
