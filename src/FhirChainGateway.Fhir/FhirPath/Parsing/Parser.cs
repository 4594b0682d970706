using System.Collections.Frozen;
using System.Globalization;
using FhirChainGateway.Fhir.FhirPath.Values;

namespace FhirChainGateway.Fhir.FhirPath.Parsing;

/// <summary>
/// Recursive-descent parser for the FHIRPath N1 grammar. Operator precedence, loosest first: <c>implies</c>;
/// <c>or xor</c>; <c>and</c>; <c>in contains</c>; <c>= ~ != !~</c>; <c>&lt; &gt; &lt;= &gt;=</c>; <c>|</c>;
/// <c>is as</c>; <c>+ - &amp;</c>; <c>* / div mod</c>; polarity; then invocation and indexing.
/// </summary>
internal sealed class Parser
{
    private static readonly string[][] BinaryLevels =
    [
        ["implies"],
        ["or", "xor"],
        ["and"],
        ["in", "contains"],
        ["=", "~", "!=", "!~"],
        ["<", ">", "<=", ">="],
        ["|"],
        ["is", "as"],
        ["+", "-", "&"],
        ["*", "/", "div", "mod"],
    ];

    private static readonly FrozenSet<string> ReservedWords =
        new[] { "and", "or", "xor", "implies", "div", "mod", "true", "false" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly string _text;
    private readonly List<Token> _tokens;
    /// <summary>Bounds recursion so hostile input fails with an error instead of exhausting the stack.</summary>
    private const int MaxNesting = 200;

    private readonly List<int> _lineStarts = [0];
    private int _index;
    private int _nesting;

    private Parser(string text)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public static Syntax Parse(string text)
    {
        var parser = new Parser(text);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw parser.Error(parser.Current, "the expression is empty");
        }

        var expression = parser.ParseBinary(0);
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Error(parser.Current, $"expected an operator or the end of the expression but found {parser.Current.Describe()}");
        }

        return expression;
    }

    private Token Current => _tokens[_index];

    private Token PeekAt(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private Syntax ParseBinary(int level)
    {
        if (level == 0)
        {
            if (++_nesting > MaxNesting)
            {
                throw Error(Current, $"the expression is nested more than {MaxNesting} levels deep");
            }

            try
            {
                return ParseLevel(0);
            }
            finally
            {
                _nesting--;
            }
        }

        return ParseLevel(level);
    }

    private Syntax ParseLevel(int level)
    {
        if (level == BinaryLevels.Length)
        {
            return ParseUnary();
        }

        var left = ParseBinary(level + 1);
        while (TryMatchOperator(BinaryLevels[level], out var op))
        {
            var opToken = Current;
            _index++;
            if (op is "is" or "as")
            {
                left = new TypeOperationSyntax(op, left, ParseTypeSpecifier(), PositionOf(opToken));
                continue;
            }

            if (Current.Kind == TokenKind.End)
            {
                throw Error(Current, $"expected an expression after '{op}' but found the end of the expression");
            }

            var right = ParseBinary(level + 1);
            left = new BinarySyntax(op, left, right, PositionOf(opToken));
        }

        return left;
    }

    private bool TryMatchOperator(string[] operators, out string op)
    {
        var token = Current;
        foreach (var candidate in operators)
        {
            var matches = char.IsAsciiLetter(candidate[0]) ? token.IsKeyword(candidate) : token.IsSymbol(candidate);
            if (matches)
            {
                op = candidate;
                return true;
            }
        }

        op = string.Empty;
        return false;
    }

    private Syntax ParseUnary()
    {
        var token = Current;
        if (token.IsSymbol("+") || token.IsSymbol("-"))
        {
            _index++;
            if (++_nesting > MaxNesting)
            {
                throw Error(token, $"the expression is nested more than {MaxNesting} levels deep");
            }

            var operand = ParseUnary();
            _nesting--;
            return new UnarySyntax(token.Text, operand, PositionOf(token));
        }

        return ParsePostfix(ParseTerm());
    }

    private Syntax ParsePostfix(Syntax target)
    {
        while (true)
        {
            var token = Current;
            if (token.IsSymbol("."))
            {
                _index++;
                var name = Current;
                if (name.Kind is not (TokenKind.Identifier or TokenKind.DelimitedIdentifier))
                {
                    throw Error(name, $"expected an element or function name after '.' but found {name.Describe()}");
                }

                _index++;
                target = Current.IsSymbol("(") && name.Kind == TokenKind.Identifier
                    ? new FunctionCallSyntax(target, name.Text, ParseArguments(), PositionOf(name))
                    : new MemberSyntax(target, name.Text, PositionOf(name));
            }
            else if (token.IsSymbol("["))
            {
                _index++;
                var index = ParseBinary(0);
                Expect("]", "to close the indexer");
                target = new IndexerSyntax(target, index, PositionOf(token));
            }
            else
            {
                return target;
            }
        }
    }

    private Syntax ParseTerm()
    {
        var token = Current;
        var position = PositionOf(token);
        switch (token.Kind)
        {
            case TokenKind.End:
                throw Error(token, "expected an expression but found the end of the expression");
            case TokenKind.Integer:
            case TokenKind.Decimal:
                _index++;
                return ParseNumberOrQuantity(token, position);
            case TokenKind.String:
                _index++;
                return new LiteralSyntax(FhirPathValue.FromString(token.Text), position);
            case TokenKind.Date:
                _index++;
                return FhirPathDate.TryParse(token.Text, out var date)
                    ? new LiteralSyntax(FhirPathValue.FromTemporal(date), position)
                    : throw Error(token, $"'@{token.Text}' is not a valid date");
            case TokenKind.DateTime:
                _index++;
                return FhirPathDateTime.TryParse(token.Text, out var dateTime)
                    ? new LiteralSyntax(FhirPathValue.FromTemporal(dateTime), position)
                    : throw Error(token, $"'@{token.Text}' is not a valid dateTime");
            case TokenKind.Time:
                _index++;
                return FhirPathTime.TryParse(token.Text, out var time)
                    ? new LiteralSyntax(FhirPathValue.FromTemporal(time), position)
                    : throw Error(token, $"'@T{token.Text}' is not a valid time");
            case TokenKind.DollarVariable:
                _index++;
                return token.Text is "this" or "index" or "total"
                    ? new VariableSyntax(token.Text, position)
                    : throw Error(token, $"unknown variable '${token.Text}' (expected $this, $index or $total)");
            case TokenKind.DelimitedIdentifier:
                _index++;
                return new MemberSyntax(null, token.Text, position);
            case TokenKind.Identifier:
                return ParseIdentifierTerm(token, position);
        }

        if (token.IsSymbol("("))
        {
            _index++;
            var inner = ParseBinary(0);
            Expect(")", "to close the parenthesis");
            return inner;
        }

        if (token.IsSymbol("{"))
        {
            _index++;
            Expect("}", "for the empty collection {}");
            return new LiteralSyntax(null, position);
        }

        if (token.IsSymbol("%"))
        {
            _index++;
            var name = Current;
            if (name.Kind is not (TokenKind.Identifier or TokenKind.DelimitedIdentifier or TokenKind.String))
            {
                throw Error(name, $"expected a variable name after '%' but found {name.Describe()}");
            }

            _index++;
            return new EnvironmentVariableSyntax(name.Text, position);
        }

        throw Error(token, $"expected an expression but found {token.Describe()}");
    }

    private Syntax ParseIdentifierTerm(Token token, SourcePosition position)
    {
        _index++;
        switch (token.Text)
        {
            case "true":
                return new LiteralSyntax(FhirPathValue.FromBoolean(true), position);
            case "false":
                return new LiteralSyntax(FhirPathValue.FromBoolean(false), position);
        }

        if (Current.IsSymbol("("))
        {
            return new FunctionCallSyntax(null, token.Text, ParseArguments(), position);
        }

        if (ReservedWords.Contains(token.Text))
        {
            throw Error(token, $"'{token.Text}' is an operator and cannot start an expression");
        }

        return new MemberSyntax(null, token.Text, position);
    }

    private Syntax ParseNumberOrQuantity(Token number, SourcePosition position)
    {
        FhirPathValue value;
        if (number.Kind == TokenKind.Integer)
        {
            if (!int.TryParse(number.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
            {
                throw Error(number, $"integer {number.Text} is too large (the maximum is {int.MaxValue})");
            }

            value = FhirPathValue.FromInteger(integer);
        }
        else
        {
            if (!decimal.TryParse(number.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dec))
            {
                throw Error(number, $"decimal {number.Text} cannot be represented");
            }

            value = FhirPathValue.FromDecimal(dec);
        }

        var unit = Current;
        if (unit.Kind == TokenKind.String || (unit.Kind == TokenKind.Identifier && CalendarUnits.IsKeyword(unit.Text)))
        {
            _index++;
            var amount = value.Item is int i ? i : (decimal)value.Item;
            // Units are not validated here: comparable() must be able to answer false for unknown units.
            return new LiteralSyntax(FhirPathValue.FromQuantity(new FhirPathQuantity(amount, unit.Text)), position);
        }

        return new LiteralSyntax(value, position);
    }

    private List<Syntax> ParseArguments()
    {
        Expect("(", "to start the argument list");
        var arguments = new List<Syntax>();
        if (Current.IsSymbol(")"))
        {
            _index++;
            return arguments;
        }

        while (true)
        {
            arguments.Add(ParseBinary(0));
            if (Current.IsSymbol(","))
            {
                _index++;
                continue;
            }

            Expect(")", "to close the argument list");
            return arguments;
        }
    }

    private TypeSpecifierSyntax ParseTypeSpecifier()
    {
        var first = Current;
        if (first.Kind is not (TokenKind.Identifier or TokenKind.DelimitedIdentifier))
        {
            throw Error(first, $"expected a type name but found {first.Describe()}");
        }

        _index++;
        if (Current.IsSymbol(".") && PeekAt(1).Kind is TokenKind.Identifier or TokenKind.DelimitedIdentifier)
        {
            _index++;
            var second = Current;
            _index++;
            return new TypeSpecifierSyntax(first.Text, second.Text, PositionOf(first));
        }

        return new TypeSpecifierSyntax(null, first.Text, PositionOf(first));
    }

    private void Expect(string symbol, string purpose)
    {
        if (!Current.IsSymbol(symbol))
        {
            throw Error(Current, $"expected '{symbol}' {purpose} but found {Current.Describe()}");
        }

        _index++;
    }

    private SourcePosition PositionOf(Token token)
    {
        var line = _lineStarts.BinarySearch(token.Offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new SourcePosition(token.Offset, line + 1, token.Offset - _lineStarts[line] + 1);
    }

    private FhirPathSyntaxException Error(Token token, string message) => new(message, _text, PositionOf(token));
}
