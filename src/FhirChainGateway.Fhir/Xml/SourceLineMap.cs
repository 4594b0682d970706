namespace FhirChainGateway.Fhir.Xml;

/// <summary>
/// Turns the 1-based line/column pairs <see cref="System.Xml.IXmlLineInfo"/> reports into offsets in the source text,
/// counting line breaks the way XmlReader does (<c>\r\n</c>, <c>\r</c> and <c>\n</c> each end a line; columns count UTF-16 units).
/// Built only for documents that need it (those with narrative), in one pass.
/// </summary>
internal sealed class SourceLineMap
{
    private readonly List<int> _lineStarts = [0];

    public SourceLineMap(string source)
    {
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '\n')
            {
                _lineStarts.Add(i + 1);
            }
            else if (c == '\r')
            {
                if (i + 1 < source.Length && source[i + 1] == '\n')
                {
                    i++;
                }

                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The offset of a 1-based line and column, or -1 when the pair lies outside the text.</summary>
    public int OffsetOf(int line, int column)
    {
        if (line < 1 || line > _lineStarts.Count || column < 1)
        {
            return -1;
        }

        return _lineStarts[line - 1] + column - 1;
    }
}
