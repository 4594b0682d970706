using System.Collections.Frozen;

namespace FhirChainGateway.Fhir.FhirPath.Evaluation;

/// <summary>
/// <c>htmlChecks()</c> (invariants txt-1 and txt-2): narrative XHTML must be well formed, rooted in a <c>div</c>,
/// and use only the elements and attributes FHIR allows (no scripts, forms, frames, event handlers or javascript:
/// links). An empty div passes, as in the reference validator (the HL7 examples include such narratives).
/// </summary>
/// <remarks>
/// A single-pass scanner rather than an XmlReader: every resource with a narrative runs this twice, and creating a
/// reader costs far more than scanning a typical div.
/// </remarks>
internal static class XhtmlChecks
{
    private static readonly FrozenSet<string> AllowedElements = new[]
    {
        "p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "b", "em", "i", "strong", "small", "big", "tt",
        "dfn", "q", "var", "abbr", "acronym", "cite", "blockquote", "hr", "address", "bdo", "kbd", "samp", "sub", "sup",
        "ul", "ol", "li", "dl", "dt", "dd", "pre", "table", "caption", "colgroup", "col", "thead", "tr", "tfoot", "tbody",
        "th", "td", "code", "img",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> AllowedAttributes = new[]
    {
        "title", "style", "class", "id", "lang", "xml:lang", "dir", "accesskey", "tabindex", "href", "name", "src", "alt",
        "width", "height", "border", "colspan", "rowspan", "align", "valign", "cellpadding", "cellspacing", "span", "scope",
        "abbr", "axis", "headers", "summary", "frame", "rules", "start", "type", "value", "char", "charoff", "compact",
        "datetime", "cite", "rel", "rev", "charset", "hreflang", "shape", "coords",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsSafe(string? xhtml)
    {
        if (string.IsNullOrWhiteSpace(xhtml))
        {
            return false;
        }

        var scanner = new Scanner(xhtml);
        return scanner.Run();
    }

    private ref struct Scanner(string text)
    {
        private readonly Stack<string> _open = new();
        private int _position;
        private bool _rootSeen;

        public bool Run()
        {
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c == '<')
                {
                    if (!ReadMarkup())
                    {
                        return false;
                    }
                }
                else
                {
                    if (_open.Count == 0 && !char.IsWhiteSpace(c))
                    {
                        return false;
                    }

                    if (c == '&' && !ReadEntity())
                    {
                        return false;
                    }

                    _position++;
                }
            }

            return _rootSeen && _open.Count == 0;
        }

        private bool ReadMarkup()
        {
            if (Follows("<!--"))
            {
                var end = text.IndexOf("-->", _position + 4, StringComparison.Ordinal);
                _position = end < 0 ? text.Length + 1 : end + 3;
                return end >= 0;
            }

            if (Follows("<?xml") && !_rootSeen)
            {
                var end = text.IndexOf("?>", _position, StringComparison.Ordinal);
                _position = end < 0 ? text.Length + 1 : end + 2;
                return end >= 0;
            }

            if (Follows("</"))
            {
                _position += 2;
                var name = ReadName();
                SkipWhitespace();
                if (name.Length == 0 || !Expect('>') || _open.Count == 0)
                {
                    return false;
                }

                return _open.Pop() == name;
            }

            _position++;
            var element = ReadName();
            if (element.Length == 0 || (_open.Count == 0 && (_rootSeen || LocalName(element) != "div")) || !AllowedElements.Contains(LocalName(element)))
            {
                return false;
            }

            _rootSeen = true;
            while (true)
            {
                SkipWhitespace();
                if (Follows("/>"))
                {
                    _position += 2;
                    return true;
                }

                if (Expect('>'))
                {
                    _open.Push(element);
                    return true;
                }

                if (!ReadAttribute())
                {
                    return false;
                }
            }
        }

        private bool ReadAttribute()
        {
            var name = ReadName();
            SkipWhitespace();
            if (name.Length == 0 || !Expect('='))
            {
                return false;
            }

            SkipWhitespace();
            if (_position >= text.Length || text[_position] is not ('"' or '\''))
            {
                return false;
            }

            var quote = text[_position++];
            var end = text.IndexOf(quote, _position);
            if (end < 0)
            {
                return false;
            }

            var value = text.AsSpan(_position, end - _position);
            _position = end + 1;
            if (value.Contains('<'))
            {
                return false;
            }

            if (name.StartsWith("xmlns", StringComparison.Ordinal))
            {
                return true;
            }

            if (!AllowedAttributes.Contains(name))
            {
                return false;
            }

            return name is not ("href" or "src") || !value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase);
        }

        private bool ReadEntity()
        {
            var end = text.IndexOf(';', _position);
            if (end < 0 || end - _position > 10)
            {
                return false;
            }

            for (var i = _position + 1; i < end; i++)
            {
                if (!char.IsAsciiLetterOrDigit(text[i]) && text[i] != '#')
                {
                    return false;
                }
            }

            _position = end;
            return true;
        }

        private string ReadName()
        {
            var start = _position;
            while (_position < text.Length && (char.IsLetterOrDigit(text[_position]) || text[_position] is ':' or '_' or '-' or '.'))
            {
                _position++;
            }

            return text[start.._position];
        }

        private static string LocalName(string name)
        {
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? name : name[(colon + 1)..];
        }

        private void SkipWhitespace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private bool Expect(char c)
        {
            if (_position < text.Length && text[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }

        private readonly bool Follows(string prefix) => string.CompareOrdinal(text, _position, prefix, 0, prefix.Length) == 0;
    }
}
