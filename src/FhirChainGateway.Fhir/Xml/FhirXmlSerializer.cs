using System.Text;
using System.Xml;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Fhir.Xml;

/// <summary>
/// Writes an <see cref="ElementNode"/> tree as FHIR XML (UTF-8): elements in definition order whatever the tree's
/// order, <c>id</c> and <c>Extension.url</c> as attributes, primitives as <c>value</c> attributes with their
/// extensions as child elements, choices under their typed names (<c>valueQuantity</c>), resources inside their
/// container elements, and the narrative <c>div</c> copied unchanged (after checking it is one well-formed XHTML div,
/// so a crafted JSON string cannot inject markup). Thread-safe.
/// </summary>
/// <remarks>
/// Values are written from the node's text, unchanged (decimal precision kept); line breaks and tabs in values are
/// written as character references so they survive XML attribute normalisation. Trees that no valid document could
/// produce (two values for a single element, a child that is not an element of its parent, extensions on
/// <c>Extension.url</c>, a narrative that is not a standalone XHTML div, characters XML cannot carry) throw
/// <see cref="InvalidOperationException"/>, as the JSON serializer does.
/// </remarks>
public sealed class FhirXmlSerializer
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly FhirDefinitions _definitions;
    private readonly XmlWriterSettings _writerSettings;

    public FhirXmlSerializer(FhirDefinitions definitions, FhirXmlSerializerOptions? options = null)
    {
        _definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
        Options = options ?? FhirXmlSerializerOptions.Default;
        _writerSettings = new XmlWriterSettings
        {
            Encoding = Utf8NoBom,
            Indent = Options.Indented,
            IndentChars = "  ",
            OmitXmlDeclaration = !Options.XmlDeclaration,
            NewLineHandling = NewLineHandling.Entitize,
            CheckCharacters = true,
            CloseOutput = false,
        };
    }

    public FhirXmlSerializerOptions Options { get; }

    public byte[] SerializeToUtf8Bytes(ElementNode node)
    {
        using var output = new MemoryStream(16 * 1024);
        Serialize(node, output);
        return output.ToArray();
    }

    public string Serialize(ElementNode node)
    {
        // Through UTF-8 bytes so the declaration says UTF-8 (a StringWriter would make it say utf-16).
        using var output = new MemoryStream(16 * 1024);
        Serialize(node, output);
        return Utf8NoBom.GetString(output.GetBuffer(), 0, (int)output.Length);
    }

    public void Serialize(ElementNode node, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = XmlWriter.Create(output, _writerSettings);
        WriteTo(writer, node);
    }

    /// <summary>Writes the node as one element to a writer the caller owns (e.g. inside a document being assembled).</summary>
    public void WriteTo(XmlWriter writer, ElementNode node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(node);
        if (!node.IsResource && _definitions.FindType(node.InstanceType) is { Kind: TypeKind.PrimitiveType })
        {
            throw new InvalidOperationException($"{node.Location} is a primitive ({node.InstanceType}); only resources and complex values are XML documents.");
        }

        var session = new Session(_definitions, writer);
        if (node.IsResource)
        {
            session.WriteResource(node, 0);
        }
        else
        {
            var name = node.Definition?.JsonName(node.InstanceType) ?? node.Name;
            session.WriteElement(name, node, 0);
        }

        writer.Flush();
    }

    /// <summary>The state of one write: the reusable ordering lists.</summary>
    private sealed class Session(FhirDefinitions definitions, XmlWriter writer)
    {
        private readonly XmlChildOrder _order = new(definitions);

        public void WriteResource(ElementNode resource, int depth)
        {
            writer.WriteStartElement(resource.InstanceType, FhirXmlNamespaces.Fhir);
            WriteContent(resource, isPrimitive: false, depth);
            writer.WriteEndElement();
        }

        public void WriteElement(string name, ElementNode node, int depth)
        {
            writer.WriteStartElement(name, FhirXmlNamespaces.Fhir);
            WriteContent(node, IsPrimitive(node), depth);
            writer.WriteEndElement();
        }

        private void WriteContent(ElementNode node, bool isPrimitive, int depth)
        {
            var children = _order.Order(node, depth);

            // Attributes first: XML puts them in the start tag whatever their place in the definition (Extension.url comes after extension).
            foreach (var (child, element) in children)
            {
                if (element.IsXmlAttribute)
                {
                    WriteAttribute(child, element);
                }
            }

            if (isPrimitive && node.Text is { } text)
            {
                writer.WriteAttributeString("value", Checked(text, node));
            }

            foreach (var (child, element) in children)
            {
                if (element.IsXmlAttribute)
                {
                    continue;
                }

                if (child.IsResource)
                {
                    writer.WriteStartElement(element.Name, FhirXmlNamespaces.Fhir);
                    WriteResource(child, depth + 1);
                    writer.WriteEndElement();
                }
                else if (child.InstanceType == "xhtml")
                {
                    WriteNarrative(child);
                }
                else if (!IsPrimitive(child) || child.HasValue || child.Children.Count > 0)
                {
                    // A primitive with neither value nor extensions has nothing to write (the parsers never make one).
                    WriteElement(element.JsonName(child.InstanceType), child, depth + 1);
                }
            }
        }

        private void WriteAttribute(ElementNode child, ElementDefinitionInfo element)
        {
            if (child.Children.Count > 0)
            {
                throw new InvalidOperationException($"{child.Location} has extensions, which FHIR XML cannot carry on the attribute '{element.Name}'.");
            }

            if (child.Text is { } text)
            {
                writer.WriteAttributeString(element.Name, Checked(text, child));
            }
        }

        private void WriteNarrative(ElementNode div)
        {
            if (div.Text is not { } text)
            {
                return;
            }

            if (XhtmlDivText.FindProblem(text) is { } problem)
            {
                throw new InvalidOperationException($"{div.Location} cannot be written as FHIR XML: {problem}.");
            }

            writer.WriteRaw(text);
        }

        private bool IsPrimitive(ElementNode node) =>
            !node.IsResource && definitions.FindType(node.InstanceType) is { Kind: TypeKind.PrimitiveType };

        private static string Checked(string text, ElementNode node)
        {
            try
            {
                XmlConvert.VerifyXmlChars(text);
                return text;
            }
            catch (XmlException)
            {
                throw new InvalidOperationException($"{node.Location} contains a character XML cannot represent (a control character or a lone surrogate).");
            }
        }
    }
}
