using System.Collections.Frozen;
using System.Xml;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Validation.Profiles.Checks;

/// <summary>
/// Narrative XHTML (txt-1, natively, with the HL7 validator's detail): well-formed XML rooted in an XHTML
/// <c>div</c>; only the basic HTML formatting elements and attributes FHIR allows, so no scripts, forms, frames,
/// objects, event-handler attributes or <c>javascript:</c> links (no active content); hyperlinks only to web,
/// mail and phone schemes or to anchors that exist. No DTDs or entities beyond XML's own are accepted.
/// </summary>
internal sealed class NarrativeCheck : INodeCheck
{
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    private static readonly FrozenSet<string> AllowedElements = new[]
    {
        "p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "b", "em", "i", "strong", "small", "big", "tt",
        "dfn", "q", "var", "abbr", "acronym", "cite", "blockquote", "hr", "address", "bdo", "kbd", "samp", "sub", "sup",
        "ul", "ol", "li", "dl", "dt", "dd", "pre", "table", "caption", "colgroup", "col", "thead", "tr", "tfoot", "tbody",
        "th", "td", "code", "img", "map", "area", "u", "s", "strike", "center", "font", "del", "ins",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> AllowedAttributes = new[]
    {
        "title", "style", "class", "id", "lang", "dir", "accesskey", "tabindex", "href", "name", "src", "alt", "width",
        "height", "border", "colspan", "rowspan", "align", "valign", "cellpadding", "cellspacing", "span", "scope", "abbr",
        "axis", "headers", "summary", "frame", "rules", "start", "type", "value", "char", "charoff", "compact", "datetime",
        "cite", "rel", "rev", "charset", "hreflang", "shape", "coords", "nowrap", "bgcolor", "color", "size", "face",
        "hspace", "vspace", "clear", "noshade", "usemap", "ismap", "longdesc", "reversed",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        ConformanceLevel = ConformanceLevel.Document,
        MaxCharactersFromEntities = 0,
    };

    public static NarrativeCheck Instance { get; } = new();

    public void Check(ElementNode node, ValidationRun run)
    {
        if (node.InstanceType != "xhtml" || node.Text is not { } xhtml)
        {
            return;
        }

        var problems = new List<string>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var links = new List<(string Href, string Text)>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(xhtml), Settings);
            var first = true;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                var name = reader.LocalName;
                if (first)
                {
                    first = false;
                    if (name != "div" || reader.NamespaceURI != XhtmlNamespace)
                    {
                        problems.Add($"the root element must be an XHTML div (namespace {XhtmlNamespace}), not '{reader.Name}'");
                    }
                }
                else if (reader.NamespaceURI != XhtmlNamespace)
                {
                    problems.Add($"element '{reader.Name}' is not in the XHTML namespace");
                }

                if (!AllowedElements.Contains(name))
                {
                    problems.Add($"Invalid element name in the XHTML ('{name}')");
                }

                string? href = null;
                if (reader.MoveToFirstAttribute())
                {
                    do
                    {
                        CheckAttribute(reader, name, problems, anchors, ref href);
                    }
                    while (reader.MoveToNextAttribute());
                    reader.MoveToElement();
                }

                if (name == "a" && href is not null)
                {
                    links.Add((href, name));
                }
            }
        }
        catch (XmlException e)
        {
            problems.Add($"the XHTML is not well-formed XML ({e.Message})");
        }

        foreach (var (href, _) in links)
        {
            CheckLink(href, anchors, node, problems);
        }

        foreach (var problem in problems.Distinct())
        {
            run.Error("value", $"Constraint failed: txt-1: the narrative SHALL contain only the basic html formatting elements and attributes: {problem}.", node);
        }
    }

    private static void CheckAttribute(XmlReader reader, string element, List<string> problems, HashSet<string> anchors, ref string? href)
    {
        if (reader.Prefix == "xmlns" || reader.Name == "xmlns")
        {
            return;
        }

        var attribute = reader.LocalName;
        if (reader.Prefix == "xml")
        {
            if (attribute is not ("lang" or "space"))
            {
                problems.Add($"Invalid attribute name in the XHTML ('{reader.Name}' on '{element}')");
            }

            return;
        }

        if (attribute.StartsWith("on", StringComparison.OrdinalIgnoreCase) || !AllowedAttributes.Contains(attribute))
        {
            problems.Add($"Invalid attribute name in the XHTML ('{reader.Name}' on '{element}')");
            return;
        }

        var value = reader.Value;
        if (attribute is "href" or "src" && value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"active content is not allowed ('{attribute}' uses javascript:)");
        }

        if (attribute is "id" or "name")
        {
            anchors.Add(value);
        }

        if (attribute == "href" && element == "a")
        {
            href = value;
        }
    }

    private static void CheckLink(string href, HashSet<string> anchors, ElementNode node, List<string> problems)
    {
        if (href.StartsWith('#'))
        {
            var target = href[1..];
            if (target.Length == 0 || anchors.Contains(target) || IsContainedId(node, target))
            {
                return;
            }

            problems.Add($"Hyperlink '{href}' does not resolve");
            return;
        }

        var colon = href.IndexOf(':', StringComparison.Ordinal);
        var slash = href.IndexOf('/', StringComparison.Ordinal);
        if (colon <= 0 || slash >= 0 && slash < colon)
        {
            // A relative link.
            return;
        }

        var scheme = href[..colon].ToLowerInvariant();
        if (scheme is not ("http" or "https" or "ftp" or "mailto" or "tel" or "data" or "news"))
        {
            problems.Add($"Hyperlink scheme '{scheme}' in '{href}' is not a valid hyperlinkable scheme");
        }
    }

    private static bool IsContainedId(ElementNode node, string id)
    {
        var resource = node.ContainingResource();
        if (resource is null)
        {
            return false;
        }

        foreach (var contained in resource.ChildrenNamed("contained"))
        {
            if (contained.ChildText("id") == id)
            {
                return true;
            }
        }

        return false;
    }
}
