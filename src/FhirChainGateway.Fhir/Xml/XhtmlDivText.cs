using System.Xml;

namespace FhirChainGateway.Fhir.Xml;

/// <summary>
/// Checks that a narrative string (as JSON carries it) is one well-formed XHTML <c>div</c> that stands on its own, so
/// the serializer can copy it into the document unchanged without letting a crafted string close the surrounding
/// elements or smuggle in markup.
/// </summary>
internal static class XhtmlDivText
{
    private static readonly XmlReaderSettings Settings = new()
    {
        ConformanceLevel = ConformanceLevel.Fragment,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = false,
        IgnoreWhitespace = false,
    };

    /// <summary>Null when <paramref name="text"/> is a standalone XHTML div; otherwise what is wrong with it.</summary>
    public static string? FindProblem(string text)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings);
            var sawDiv = false;
            while (reader.Read())
            {
                if (reader.Depth > 0)
                {
                    continue;
                }

                if (reader.NodeType == XmlNodeType.EndElement)
                {
                    continue;
                }

                if (sawDiv || reader.NodeType != XmlNodeType.Element)
                {
                    return "it must be exactly one div element, with nothing before or after it";
                }

                if (reader.LocalName != "div" || reader.NamespaceURI != FhirXmlNamespaces.Xhtml)
                {
                    return $"the root element must be a div in the namespace '{FhirXmlNamespaces.Xhtml}' (declared on the div itself)";
                }

                sawDiv = true;
            }

            return sawDiv ? null : "it is empty";
        }
        catch (XmlException e)
        {
            return "it is not well-formed XML: " + e.Message;
        }
    }
}
