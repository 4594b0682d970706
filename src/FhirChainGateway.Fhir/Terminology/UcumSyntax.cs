namespace FhirChainGateway.Fhir.Terminology;

/// <summary>
/// The UCUM term grammar without the unit table: components (<c>mg</c>, <c>10*3</c>, <c>{score}</c>, <c>(m.s)</c>)
/// joined by <c>.</c> and <c>/</c>, atoms with optional signed exponents and annotations. Tells a malformed unit
/// (<c>21612-7</c>, <c>mg//dL</c>) from one that is merely not in the table.
/// </summary>
internal static class UcumSyntax
{
    /// <summary>Null when the text follows the grammar; otherwise what is wrong, with the 1-based character position.</summary>
    public static string? Check(string unit)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return "the unit is empty";
        }

        var position = 0;
        var problem = Term(unit, ref position, nested: false);
        if (problem is null && position < unit.Length)
        {
            problem = $"expected \"/\" or \".\" at character {position + 1}";
        }

        return problem;
    }

    private static string? Term(string text, ref int position, bool nested)
    {
        if (position < text.Length && text[position] == '/')
        {
            position++;
        }

        var problem = Component(text, ref position);
        while (problem is null && position < text.Length && text[position] is '.' or '/')
        {
            position++;
            problem = Component(text, ref position);
        }

        if (problem is null && nested && (position >= text.Length || text[position] != ')'))
        {
            problem = $"expected \")\" at character {position + 1}";
        }

        return problem;
    }

    private static string? Component(string text, ref int position)
    {
        if (position >= text.Length)
        {
            return $"a unit is missing at character {position + 1}";
        }

        var c = text[position];
        if (c == '(')
        {
            position++;
            var problem = Term(text, ref position, nested: true);
            if (problem is not null)
            {
                return problem;
            }

            position++;
            return Exponent(text, ref position) ?? Annotation(text, ref position);
        }

        if (c == '{')
        {
            return Annotation(text, ref position);
        }

        if (char.IsAsciiDigit(c))
        {
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            // 10*3 and 10^3: the special atoms "10*" and "10^" with an exponent.
            if (position < text.Length && text[position] is '*' or '^')
            {
                position++;
                Exponent(text, ref position);
            }

            return Annotation(text, ref position);
        }

        var start = position;
        while (position < text.Length && text[position] is not ('.' or '/' or '(' or ')' or '{' or '}'))
        {
            if (text[position] == '[')
            {
                var close = text.IndexOf(']', position);
                if (close < 0)
                {
                    return $"unclosed \"[\" at character {position + 1}";
                }

                position = close + 1;
                continue;
            }

            if (text[position] is ' ' or ']')
            {
                return $"unexpected \"{text[position]}\" at character {position + 1}";
            }

            position++;
        }

        // Trailing digits (with a sign) are the exponent; what is before them is the atom.
        var end = position;
        while (end > start && char.IsAsciiDigit(text[end - 1]))
        {
            end--;
        }

        if (end > start && text[end - 1] is '+' or '-')
        {
            end--;
        }

        if (end == start)
        {
            return $"a unit is missing at character {start + 1}";
        }

        for (var i = start; i < end; i++)
        {
            if (text[i] is '+' or '-' && (i + 1 >= end || !char.IsAsciiDigit(text[i + 1])))
            {
                return $"unexpected \"{text[i]}\" at character {i + 1}";
            }
        }

        return Annotation(text, ref position);
    }

    private static string? Exponent(string text, ref int position)
    {
        if (position < text.Length && text[position] is '+' or '-')
        {
            position++;
        }

        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        return null;
    }

    private static string? Annotation(string text, ref int position)
    {
        if (position >= text.Length || text[position] != '{')
        {
            return null;
        }

        var close = text.IndexOf('}', position);
        if (close < 0)
        {
            return $"unclosed \"{{\" at character {position + 1}";
        }

        position = close + 1;
        return null;
    }
}
