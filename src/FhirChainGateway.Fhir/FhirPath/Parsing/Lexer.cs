using System.Globalization;
using System.Text;

namespace FhirChainGateway.Fhir.FhirPath.Parsing;

/// <summary>Splits an expression into tokens, skipping whitespace and <c>//</c> and <c>/* */</c> comments.</summary>
internal sealed class Lexer
{
    private readonly string _text;
    private int _position;

    private Lexer(string text) => _text = text;

    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        var tokens = new List<Token>();
        while (true)
        {
            var token = lexer.Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.End)
            {
                return tokens;
            }
        }
    }

    /// <summary>Line and column (1-based) of an offset, computed only when an error is reported.</summary>
    public static SourcePosition PositionOf(string text, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return new SourcePosition(offset, line, column);
    }

    private Token Next()
    {
        SkipTrivia();
        if (_position >= _text.Length)
        {
            return new Token(TokenKind.End, string.Empty, _text.Length);
        }

        var start = _position;
        var c = _text[_position];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            return new Token(TokenKind.Identifier, ReadWord(), start);
        }

        if (char.IsAsciiDigit(c))
        {
            return ReadNumber();
        }

        switch (c)
        {
            case '\'':
                return new Token(TokenKind.String, ReadQuoted('\''), start);
            case '`':
                return new Token(TokenKind.DelimitedIdentifier, ReadQuoted('`'), start);
            case '@':
                return ReadTemporal();
            case '$':
                _position++;
                if (_position >= _text.Length || !(char.IsAsciiLetter(_text[_position]) || _text[_position] == '_'))
                {
                    throw Error(start, "expected a variable name such as $this after '$'");
                }

                return new Token(TokenKind.DollarVariable, ReadWord(), start);
        }

        var two = _position + 1 < _text.Length ? _text.Substring(_position, 2) : null;
        if (two is "<=" or ">=" or "!=" or "!~")
        {
            _position += 2;
            return new Token(TokenKind.Symbol, two, start);
        }

        if (".[](){},+-*/&|=~<>%".Contains(c, StringComparison.Ordinal))
        {
            _position++;
            return new Token(TokenKind.Symbol, c.ToString(), start);
        }

        throw Error(start, $"unexpected character '{c}'");
    }

    private void SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '/')
            {
                while (_position < _text.Length && _text[_position] is not ('\n' or '\r'))
                {
                    _position++;
                }
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '*')
            {
                var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error(_position, "comment '/*' is not closed by '*/'");
                }

                _position = end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private string ReadWord()
    {
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_'))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private Token ReadNumber()
    {
        var start = _position;
        SkipDigits();
        var kind = TokenKind.Integer;
        if (_position + 1 < _text.Length && _text[_position] == '.' && char.IsAsciiDigit(_text[_position + 1]))
        {
            _position++;
            SkipDigits();
            kind = TokenKind.Decimal;
        }

        return new Token(kind, _text[start.._position], start);
    }

    private void SkipDigits()
    {
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }
    }

    private string ReadQuoted(char quote)
    {
        var start = _position;
        _position++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error(start, quote == '\'' ? "string is not closed by a quote (')" : "identifier is not closed by a backtick (`)");
            }

            var c = _text[_position++];
            if (c == quote)
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= _text.Length)
            {
                continue;
            }

            var escaped = _text[_position++];
            switch (escaped)
            {
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
                case 'u':
                    if (_position + 4 > _text.Length
                        || !int.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error(_position - 2, "'\\u' must be followed by four hexadecimal digits");
                    }

                    builder.Append((char)code);
                    _position += 4;
                    break;
                default:
                    // \' \" \` \\ \/ and any other escaped character stand for themselves.
                    builder.Append(escaped);
                    break;
            }
        }
    }

    /// <summary>Reads <c>@date</c>, <c>@dateTtime[tz]</c> or <c>@Ttime</c>; the grammar decides the extent, the parser checks ranges.</summary>
    private Token ReadTemporal()
    {
        var start = _position;
        _position++;
        if (_position < _text.Length && _text[_position] == 'T')
        {
            _position++;
            var timeStart = _position;
            if (!TryReadTime())
            {
                throw Error(start, "expected a time such as @T14:30 after '@T'");
            }

            return new Token(TokenKind.Time, _text[timeStart.._position], start);
        }

        var dateStart = _position;
        if (!TryReadDigits(4))
        {
            throw Error(start, "expected a date, dateTime or time literal after '@'");
        }

        if (TryReadSeparatedDigits('-'))
        {
            TryReadSeparatedDigits('-');
        }

        if (_position >= _text.Length || _text[_position] != 'T')
        {
            return new Token(TokenKind.Date, _text[dateStart.._position], start);
        }

        _position++;
        if (TryReadTime())
        {
            TryReadTimezone();
        }

        return new Token(TokenKind.DateTime, _text[dateStart.._position], start);
    }

    private bool TryReadTime()
    {
        if (!TryReadDigits(2))
        {
            return false;
        }

        if (TryReadSeparatedDigits(':') && TryReadSeparatedDigits(':')
            && _position + 1 < _text.Length && _text[_position] == '.' && char.IsAsciiDigit(_text[_position + 1]))
        {
            _position++;
            SkipDigits();
        }

        return true;
    }

    private void TryReadTimezone()
    {
        if (_position >= _text.Length)
        {
            return;
        }

        if (_text[_position] == 'Z')
        {
            _position++;
            return;
        }

        if (_text[_position] is '+' or '-' && _position + 6 <= _text.Length
            && char.IsAsciiDigit(_text[_position + 1]) && char.IsAsciiDigit(_text[_position + 2]) && _text[_position + 3] == ':'
            && char.IsAsciiDigit(_text[_position + 4]) && char.IsAsciiDigit(_text[_position + 5]))
        {
            _position += 6;
        }
    }

    private bool TryReadSeparatedDigits(char separator)
    {
        if (_position + 3 <= _text.Length && _text[_position] == separator
            && char.IsAsciiDigit(_text[_position + 1]) && char.IsAsciiDigit(_text[_position + 2]))
        {
            _position += 3;
            return true;
        }

        return false;
    }

    private bool TryReadDigits(int count)
    {
        if (_position + count > _text.Length)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!char.IsAsciiDigit(_text[_position + i]))
            {
                return false;
            }
        }

        _position += count;
        return true;
    }

    private FhirPathSyntaxException Error(int offset, string message) =>
        new(message, _text, PositionOf(_text, offset));
}
