using System.Text;
using System.Xml;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Fhir.Xml;

/// <summary>
/// One parse of one FHIR XML document: a single forward pass of a locked-down <see cref="XmlReader"/> that builds the
/// typed tree, resolving every element name against the definitions exactly as the JSON parser resolves property names
/// (the XML element names are the JSON property names: <c>valueQuantity</c>), and collects every error (up to the cap)
/// with its FHIRPath location and line/column.
/// </summary>
internal sealed class FhirXmlParseSession
{
    private readonly FhirDefinitions _definitions;
    private readonly FhirXmlParserOptions _options;
    private readonly XmlReaderSettings _readerSettings;
    private readonly string _source;
    private readonly List<OperationOutcomeIssue> _issues = [];
    private readonly List<PathSegment> _path = [];
    private XmlReader _reader = null!;
    private IXmlLineInfo _lineInfo = null!;
    private SourceLineMap? _lines;

    public FhirXmlParseSession(FhirDefinitions definitions, FhirXmlParserOptions options, XmlReaderSettings readerSettings, string source)
    {
        _definitions = definitions;
        _options = options;
        _readerSettings = readerSettings;
        _source = source;
    }

    /// <summary>The reader settings every parse uses: the XML lock-down lives here.</summary>
    public static XmlReaderSettings CreateReaderSettings(FhirXmlParserOptions options) => new()
    {
        // No DTD means no entity expansion (billion laughs) and no external entities (XXE): a DOCTYPE is an error.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = Math.Max(1, options.MaxBytes),
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CheckCharacters = true,
        ConformanceLevel = ConformanceLevel.Document,
        CloseInput = true,
    };

    public ElementNode Parse()
    {
        ElementNode? root = null;
        using var reader = XmlReader.Create(new StringReader(_source), _readerSettings);
        _reader = reader;
        _lineInfo = (IXmlLineInfo)reader;
        try
        {
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                AddIssue("invalid", "The body is empty: expected a FHIR resource element.", null, 1, 1);
            }
            else
            {
                root = ParseResource(container: null, nodeName: null);
                while (reader.Read())
                {
                    // Reading to the end makes the reader check nothing but comments and whitespace follow the root.
                }
            }
        }
        catch (XmlException e)
        {
            AddXmlIssue(e);
        }
        catch (StopParsingException)
        {
            // The cap or a fatal limit was hit; the issues say why.
        }

        if (_issues.Count > 0 || root is null)
        {
            throw new FhirException(400, _issues.Count > 0 ? _issues : [OperationOutcomeIssue.Error("invalid", "The body is not a FHIR resource.")]);
        }

        return root;
    }

    /// <summary>Parses the resource element the reader is on; null (after reporting) when it is not one.</summary>
    private ElementNode? ParseResource(ElementDefinitionInfo? container, string? nodeName)
    {
        CheckDepth();
        var localName = _reader.LocalName;
        if (!IsFhirNamespace())
        {
            var what = _reader.NamespaceURI.Length == 0 ? "in no namespace" : $"in the namespace '{_reader.NamespaceURI}'";
            AddIssue("structure", $"The element '{localName}' is {what}; FHIR resources are in '{FhirXmlNamespaces.Fhir}'.", Location(), ElementLine, ElementColumn);
            SkipElement();
            return null;
        }

        var type = _definitions.FindType(localName);
        if (type is not { Kind: TypeKind.Resource, IsAbstract: false })
        {
            AddIssue("structure", $"Unknown resource type '{localName}'.", Location(), ElementLine, ElementColumn);
            SkipElement();
            return null;
        }

        var node = new ElementNode(nodeName ?? type.Name, type.Name, container ?? type.Root) { IsResource = true };
        var isRoot = _path.Count == 0;
        if (isRoot)
        {
            _path.Add(new PathSegment(type.Name, -1));
        }

        var scope = type.GetScope(_definitions);
        ReadAttributes(node, scope, allowValue: false, node.Name);
        ParseChildren(node, scope);
        if (isRoot)
        {
            _path.RemoveAt(_path.Count - 1);
        }

        return node;
    }

    /// <summary>Parses the content of the element the reader is on (attributes already read) up to its end element.</summary>
    /// <param name="scope">The children allowed; null when the element may have none.</param>
    private void ParseChildren(ElementNode node, ChildScope? scope)
    {
        if (_reader.IsEmptyElement)
        {
            return;
        }

        var siblings = new SiblingTracker();
        while (_reader.Read())
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Element:
                    ParseChildElement(node, scope, ref siblings);
                    break;
                case XmlNodeType.EndElement:
                    return;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                    ReportText(node.Name);
                    break;
            }
        }
    }

    private void ParseChildElement(ElementNode parent, ChildScope? scope, ref SiblingTracker siblings)
    {
        CheckDepth();
        var localName = _reader.LocalName;
        var binding = scope?.FindJson(localName);
        var isXhtml = binding is { IsPrimitive: true, InstanceType: "xhtml" };
        var expectedNamespace = isXhtml ? FhirXmlNamespaces.Xhtml : FhirXmlNamespaces.Fhir;
        if (!string.Equals(_reader.NamespaceURI, expectedNamespace, StringComparison.Ordinal))
        {
            var what = _reader.NamespaceURI.Length == 0 ? "in no namespace" : $"in the namespace '{_reader.NamespaceURI}'";
            AddIssue("structure", isXhtml
                ? $"The narrative '{localName}' is {what}; it must be an XHTML div in '{FhirXmlNamespaces.Xhtml}'."
                : $"The element '{localName}' is {what}; FHIR elements are in '{FhirXmlNamespaces.Fhir}'.",
                Location(localName), ElementLine, ElementColumn);
            SkipElement();
            return;
        }

        if (binding is null)
        {
            AddIssue("structure", $"Unknown element '{localName}'.", Location(localName), ElementLine, ElementColumn);
            SkipElement();
            return;
        }

        var element = binding.Element;
        if (element.IsXmlAttribute)
        {
            AddIssue("structure", $"'{localName}' must be written as an XML attribute ({localName}=\"...\"), not as an element.", Location(localName), ElementLine, ElementColumn);
            SkipElement();
            return;
        }

        var (index, conflict) = siblings.Register(binding);
        if (conflict is not null)
        {
            AddIssue("structure", ReferenceEquals(conflict, binding)
                ? $"'{localName}' appears more than once, but '{element.Path}' allows one value."
                : $"'{localName}' and '{conflict.JsonName}' both give a value to the choice element '{element.Name}[x]'; only one type is allowed.",
                Location(localName), ElementLine, ElementColumn);
            SkipElement();
            return;
        }

        _path.Add(new PathSegment(element.Name, element.IsCollection ? index : -1));
        if (isXhtml)
        {
            var div = parent.Add(new ElementNode(element.Name, binding.InstanceType!, element));
            div.Text = XhtmlDivCapture.Read(_reader, _source, Lines, CheckDepth);
        }
        else if (binding.IsPrimitive)
        {
            ParsePrimitive(parent, binding);
        }
        else if (binding.IsResource)
        {
            ParseResourceContainer(parent, binding);
        }
        else if (binding.ChildScope is { } childScope)
        {
            var node = parent.Add(new ElementNode(element.Name, binding.InstanceType!, element));
            ReadAttributes(node, childScope, allowValue: false, localName);
            ParseChildren(node, childScope);
        }
        else
        {
            AddIssue("structure", $"No definition for the type '{binding.InstanceType}' of '{localName}'.", Location(), ElementLine, ElementColumn);
            SkipElement();
        }

        _path.RemoveAt(_path.Count - 1);
    }

    private void ParsePrimitive(ElementNode parent, JsonPropertyBinding binding)
    {
        var element = binding.Element;
        var line = ElementLine;
        var column = ElementColumn;
        var issuesBefore = _issues.Count;
        var node = parent.Add(new ElementNode(element.Name, binding.InstanceType!, element));

        // Ids (Resource.id, Element.id) are System-typed: they carry neither an id nor extensions of their own.
        var scope = element.AllowsExtensions ? binding.PrimitiveExtensionScope : null;
        ReadAttributes(node, scope, allowValue: true, binding.JsonName);
        ParseChildren(node, scope);
        if (!node.HasValue && node.Children.Count == 0 && _issues.Count == issuesBefore)
        {
            AddIssue("structure", $"'{binding.JsonName}' has neither a value attribute nor an id/extension.", Location(), line, column);
        }
    }

    /// <summary><c>&lt;contained&gt;</c>, <c>&lt;resource&gt;</c>, <c>&lt;outcome&gt;</c>...: an element holding exactly one resource element.</summary>
    private void ParseResourceContainer(ElementNode parent, JsonPropertyBinding binding)
    {
        var element = binding.Element;
        var line = ElementLine;
        var column = ElementColumn;
        ReadAttributes(parent, scope: null, allowValue: false, element.Name);
        var found = false;
        if (!_reader.IsEmptyElement)
        {
            while (_reader.Read() && _reader.NodeType != XmlNodeType.EndElement)
            {
                if (_reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                {
                    ReportText(element.Name);
                }
                else if (_reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                else if (found)
                {
                    AddIssue("structure", $"'{element.Name}' holds more than one resource; it must hold exactly one.", Location(), ElementLine, ElementColumn);
                    SkipElement();
                }
                else
                {
                    found = true;
                    if (ParseResource(element, element.Name) is { } resource)
                    {
                        parent.Add(resource);
                    }
                }
            }
        }

        if (!found)
        {
            AddIssue("structure", $"'{element.Name}' is empty; it must hold one resource element.", Location(), line, column);
        }
    }

    /// <summary>
    /// Reads the attributes of the element the reader is on: <c>value</c> of primitives, and the elements whose
    /// definition says they are attributes (<c>id</c>, <c>Extension.url</c>) as primitive children. Namespace
    /// declarations and <c>xsi:*</c> are ignored; anything else is an error.
    /// </summary>
    private void ReadAttributes(ElementNode node, ChildScope? scope, bool allowValue, string elementName)
    {
        if (!_reader.MoveToFirstAttribute())
        {
            return;
        }

        do
        {
            var ns = _reader.NamespaceURI;
            if (ns.Length > 0)
            {
                if (ns is FhirXmlNamespaces.XmlnsDeclarations or FhirXmlNamespaces.XmlSchemaInstance)
                {
                    continue;
                }
            }
            else
            {
                var name = _reader.LocalName;
                if (allowValue && name == "value")
                {
                    node.Text = _reader.Value;
                    continue;
                }

                if (scope?.FindJson(name) is { Element.IsXmlAttribute: true, IsPrimitive: true } binding)
                {
                    node.Add(new ElementNode(binding.Element.Name, binding.InstanceType!, binding.Element) { Text = _reader.Value });
                    continue;
                }
            }

            AddIssue("structure", $"Unknown attribute '{_reader.Name}' on '{elementName}'.", Location(), _lineInfo.LineNumber, _lineInfo.LinePosition);
        }
        while (_reader.MoveToNextAttribute());

        _reader.MoveToElement();
    }

    private void ReportText(string elementName)
    {
        if (string.IsNullOrWhiteSpace(_reader.Value))
        {
            return;
        }

        AddIssue("structure", $"'{elementName}' contains text; FHIR XML has no text content (primitive values go in a value attribute).",
            Location(), _lineInfo.LineNumber, _lineInfo.LinePosition);
    }

    /// <summary>
    /// Moves past the content of the element the reader is on, leaving it on the end element (or on the element itself
    /// when empty) like every parse method does; XmlReader.Skip would move one node further.
    /// </summary>
    private void SkipElement()
    {
        if (_reader.IsEmptyElement)
        {
            return;
        }

        var depth = _reader.Depth;
        while (_reader.Read() && !(_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == depth))
        {
        }
    }

    private SourceLineMap Lines() => _lines ??= new SourceLineMap(_source);

    private bool IsFhirNamespace() => string.Equals(_reader.NamespaceURI, FhirXmlNamespaces.Fhir, StringComparison.Ordinal);

    /// <summary>Line of the element the reader is on.</summary>
    private int ElementLine => _lineInfo.LineNumber;

    /// <summary>Column of the <c>&lt;</c> of the element the reader is on (XmlReader reports the name, one further).</summary>
    private int ElementColumn => Math.Max(1, _lineInfo.LinePosition - 1);

    private void CheckDepth()
    {
        if (_reader.Depth >= _options.MaxDepth)
        {
            AddIssue("structure", $"The document nests deeper than {_options.MaxDepth} elements.", Location(), ElementLine, ElementColumn);
            throw new StopParsingException();
        }
    }

    private string? Location(string? childName = null)
    {
        if (_path.Count == 0 && childName is null)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var segment in _path)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(segment.Name);
            if (segment.Index >= 0)
            {
                builder.Append('[').Append(segment.Index).Append(']');
            }
        }

        if (childName is not null)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(childName);
        }

        return builder.ToString();
    }

    private void AddIssue(string code, string diagnostics, string? location, int line, int column)
    {
        _issues.Add(new OperationOutcomeIssue(IssueSeverity.Error, code, diagnostics, location, line > 0 ? line : null, column > 0 ? column : null));
        if (_issues.Count >= _options.MaxIssues)
        {
            _issues.Add(new OperationOutcomeIssue(IssueSeverity.Error, "too-costly", $"Stopped after {_options.MaxIssues} errors; there may be more.", null));
            throw new StopParsingException();
        }
    }

    private void AddXmlIssue(XmlException e)
    {
        var line = e.LineNumber;
        var column = e.LinePosition;
        var message = e.Message;
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        if (cut > 0 && line > 0)
        {
            message = message[..cut];
        }

        var isDtd = message.Contains("DTD", StringComparison.Ordinal);
        if (line <= 0)
        {
            // XmlReader gives no position for a prohibited DTD: point at the DOCTYPE, or else where the reader stands.
            (line, column) = isDtd && _source.IndexOf("<!DOCTYPE", StringComparison.Ordinal) is var doctype and >= 0
                ? PositionOf(doctype)
                : (_lineInfo.LineNumber, _lineInfo.LinePosition);
        }

        var diagnostics = isDtd
            ? "The body is not acceptable FHIR XML: DTDs (<!DOCTYPE>) are not allowed, so neither are entity declarations."
            : "The body is not well-formed XML: " + message;
        _issues.Add(new OperationOutcomeIssue(IssueSeverity.Error, "invalid", diagnostics, Location(), line > 0 ? line : null, column > 0 ? column : null));
    }

    /// <summary>The 1-based line and column of an offset in the source (for the rare errors XmlReader reports without one).</summary>
    private (int Line, int Column) PositionOf(int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (_source[i] == '\n' || (_source[i] == '\r' && (i + 1 >= _source.Length || _source[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    private readonly record struct PathSegment(string Name, int Index);

    /// <summary>The child elements seen under one parent: repeat counts (for locations) and single/choice violations.</summary>
    private struct SiblingTracker
    {
        private List<(JsonPropertyBinding Binding, int Count)>? _seen;

        /// <summary>The index of this occurrence, and the binding it clashes with (itself for a repeated single element).</summary>
        public (int Index, JsonPropertyBinding? Conflict) Register(JsonPropertyBinding binding)
        {
            _seen ??= [];
            for (var i = 0; i < _seen.Count; i++)
            {
                var (seen, count) = _seen[i];
                if (!ReferenceEquals(seen.Element, binding.Element))
                {
                    continue;
                }

                if (!ReferenceEquals(seen, binding))
                {
                    return (count, seen);
                }

                if (!binding.Element.IsCollection)
                {
                    return (count, binding);
                }

                _seen[i] = (seen, count + 1);
                return (count, null);
            }

            _seen.Add((binding, 1));
            return (0, null);
        }
    }

    private sealed class StopParsingException : Exception
    {
    }
}
