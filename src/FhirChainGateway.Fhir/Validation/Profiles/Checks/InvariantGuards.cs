using System.Text.RegularExpressions;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// Cheap tests that tell, without running FHIRPath, that an invariant holds trivially on a node: most core
/// invariants read "<c>x.empty() or ...</c>" or "<c>x.exists() implies ...</c>", which are true whenever the node has
/// no <c>x</c>; the DomainResource invariants are about contained resources; ref-1 is about local references. Only
/// the remaining cases are evaluated, which is where the validator spends its invariant time otherwise.
/// </summary>
internal static partial class InvariantGuards
{
    /// <summary>A predicate that is false when the invariant certainly holds on the node, or null when it must always run.</summary>
    public static Func<ElementNode, bool>? For(ElementConstraint constraint)
    {
        var expression = constraint.Expression;
        if (expression is null)
        {
            return null;
        }

        if (constraint.Key == "ref-1")
        {
            return node => node.ChildText("reference") is { } reference && reference.StartsWith('#');
        }

        if (constraint.Key is "dom-2" or "dom-3" or "dom-4" or "dom-5" && expression.StartsWith("contained.", StringComparison.Ordinal))
        {
            return node => node.FirstChild("contained") is not null;
        }

        var match = VacuousWhenAbsent().Match(expression);
        if (match.Success && IsWholeExpressionGuarded(expression, match.Groups["op"].Value == "implies"))
        {
            var child = match.Groups["child"].Value;
            return node => node.FirstChild(child) is not null;
        }

        return null;
    }

    /// <summary>
    /// True when the leading clause governs the whole expression. <c>and</c> binds tighter than <c>or</c>, so
    /// "a.empty() or b and c" is still guarded; a top-level <c>xor</c> or (another) <c>implies</c> binds looser and is not.
    /// </summary>
    private static bool IsWholeExpressionGuarded(string expression, bool leadingImplies)
    {
        var depth = 0;
        var quote = false;
        var implies = 0;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\'')
            {
                quote = !quote;
            }
            else if (quote)
            {
                continue;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (depth == 0 && c == ' ')
            {
                if (Starts(expression, i + 1, "xor "))
                {
                    return false;
                }

                if (Starts(expression, i + 1, "implies "))
                {
                    implies++;
                }
            }
        }

        return leadingImplies ? implies == 1 : implies == 0;
    }

    private static bool Starts(string text, int index, string value) => string.CompareOrdinal(text, index, value, 0, value.Length) == 0;

    // x.empty() or ..., x.exists().not() or ..., x.hasValue().not() or ..., x.exists() implies ...
    [GeneratedRegex(@"^(?<child>[a-z][A-Za-z0-9]*)\.(?:empty\(\) (?<op>or) |exists\(\)\.not\(\) (?<op>or) |hasValue\(\)\.not\(\) (?<op>or) |exists\(\) (?<op>implies) )")]
    private static partial Regex VacuousWhenAbsent();
}
