using System.Xml;

namespace FhirChainGateway.Fhir.Xml;

/// <summary>
/// Reads a narrative <c>div</c> off the parser's XmlReader and returns it as the string FHIR JSON carries: the exact
/// source text of the element (entity forms, attribute quotes and whitespace kept), so XML and JSON of the same resource
/// give the same tree. Only line ends are normalised to <c>\n</c>, as XML itself requires (XML 1.0 §2.11).
/// </summary>
/// <remarks>
/// The source text stands alone only when the div declares the XHTML namespace itself and nothing inside relies on a
/// prefix declared further out; otherwise (rare: <c>&lt;h:div&gt;</c> with <c>xmlns:h</c> on the root) the div is
/// re-written with the XHTML namespace as its default and every needed declaration in place.
/// </remarks>
internal static class XhtmlDivCapture
{
    /// <param name="reader">Positioned on the div's start element; left on its end element (or on it, when empty).</param>
    /// <param name="checkDepth">Called on every element inside, so narrative counts against the depth limit.</param>
    public static string Read(XmlReader reader, string source, Func<SourceLineMap> lines, Action checkDepth)
    {
        var lineInfo = (IXmlLineInfo)reader;
        var startLine = lineInfo.LineNumber;
        var startColumn = lineInfo.LinePosition;
        var standalone = reader.Prefix.Length == 0
            && string.Equals(reader.GetAttribute("xmlns"), FhirXmlNamespaces.Xhtml, StringComparison.Ordinal)
            && !UsesOuterPrefix(reader);

        // The declarations a rewrite needs, taken where the need shows (they include every outer one); most divs need none.
        var inScope = standalone ? null : NamespacesInScope(reader);

        int end;
        var map = lines();
        var start = map.OffsetOf(startLine, startColumn) - 1;
        if (start < 0 || start >= source.Length || source[start] != '<')
        {
            throw new XmlException("The narrative div could not be located in the source.", null, startLine, startColumn);
        }

        if (reader.IsEmptyElement)
        {
            end = EndOfEmptyElement(source, start);
        }
        else
        {
            var depth = reader.Depth;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    checkDepth();
                    if (standalone && UsesOuterPrefix(reader))
                    {
                        standalone = false;
                        inScope = NamespacesInScope(reader);
                    }
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
                {
                    break;
                }
            }

            var nameOffset = map.OffsetOf(lineInfo.LineNumber, lineInfo.LinePosition);
            end = nameOffset < 0 ? -1 : source.IndexOf('>', nameOffset);
        }

        if (end < 0)
        {
            throw new XmlException("The end of the narrative div could not be located in the source.", null, startLine, startColumn);
        }

        var raw = NormaliseLineEnds(source.AsSpan(start, end - start + 1));
        return standalone ? raw : Rewrite(raw, inScope!);
    }

    private static IDictionary<string, string> NamespacesInScope(XmlReader reader) =>
        ((IXmlNamespaceResolver)reader).GetNamespacesInScope(XmlNamespaceScope.ExcludeXml);

    /// <summary>True when the element or one of its attributes uses a prefix (declared here or further out: we do not tell).</summary>
    private static bool UsesOuterPrefix(XmlReader reader)
    {
        if (reader.Prefix.Length > 0)
        {
            return true;
        }

        if (!reader.MoveToFirstAttribute())
        {
            return false;
        }

        var prefixed = false;
        do
        {
            var prefix = reader.Prefix;
            prefixed |= prefix.Length > 0 && prefix != "xml" && prefix != "xmlns";
        }
        while (!prefixed && reader.MoveToNextAttribute());

        reader.MoveToElement();
        return prefixed;
    }

    private static int EndOfEmptyElement(string source, int start)
    {
        // The reader has checked the tag is well formed: only quoted attribute values can hide a '/' or '>'.
        for (var i = start + 1; i < source.Length; i++)
        {
            var c = source[i];
            if (c is '"' or '\'')
            {
                i = source.IndexOf(c, i + 1);
                if (i < 0)
                {
                    return -1;
                }
            }
            else if (c == '>')
            {
                return i;
            }
        }

        return -1;
    }

    private static string NormaliseLineEnds(ReadOnlySpan<char> text)
    {
        if (!text.Contains('\r'))
        {
            return text.ToString();
        }

        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    /// <summary>Re-writes a div that depends on outer namespace declarations so that it stands alone, XHTML as the default namespace.</summary>
    private static string Rewrite(string raw, IDictionary<string, string> inScope)
    {
        var names = new NameTable();
        var namespaces = new XmlNamespaceManager(names);
        foreach (var (prefix, uri) in inScope)
        {
            if (prefix.Length > 0)
            {
                namespaces.AddNamespace(prefix, uri);
            }
        }

        var settings = new XmlReaderSettings
        {
            ConformanceLevel = ConformanceLevel.Fragment,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        using var reader = XmlReader.Create(new StringReader(raw), settings, new XmlParserContext(names, namespaces, null, XmlSpace.None));
        var output = new StringWriter();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment, NewLineHandling = NewLineHandling.None }))
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        var isEmpty = reader.IsEmptyElement;
                        var prefix = reader.NamespaceURI == FhirXmlNamespaces.Xhtml ? string.Empty : reader.Prefix;
                        writer.WriteStartElement(prefix, reader.LocalName, reader.NamespaceURI);
                        while (reader.MoveToNextAttribute())
                        {
                            // The writer declares what the names need; copying declarations could clash with the new default namespace.
                            if (reader.NamespaceURI != FhirXmlNamespaces.XmlnsDeclarations)
                            {
                                writer.WriteAttributeString(reader.Prefix, reader.LocalName, reader.NamespaceURI, reader.Value);
                            }
                        }

                        reader.MoveToElement();
                        if (isEmpty)
                        {
                            writer.WriteEndElement();
                        }

                        break;
                    case XmlNodeType.EndElement:
                        writer.WriteFullEndElement();
                        break;
                    case XmlNodeType.Text:
                        writer.WriteString(reader.Value);
                        break;
                    case XmlNodeType.CDATA:
                        writer.WriteCData(reader.Value);
                        break;
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        writer.WriteWhitespace(reader.Value);
                        break;
                    case XmlNodeType.Comment:
                        writer.WriteComment(reader.Value);
                        break;
                }
            }
        }

        return output.ToString();
    }
}
