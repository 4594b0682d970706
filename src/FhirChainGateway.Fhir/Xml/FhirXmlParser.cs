using System.Text;
using System.Xml;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Fhir.Serialization;

namespace FhirChainGateway.Fhir.Xml;

/// <summary>
/// Parses FHIR XML (namespace <c>http://hl7.org/fhir</c>) into the same typed <see cref="ElementNode"/> tree the
/// JSON parser builds for the same resource: primitives from <c>value</c> attributes, <c>id</c> and
/// <c>Extension.url</c> from attributes, choice elements by their typed names (<c>valueQuantity</c>), resources inside
/// <c>contained</c>/<c>resource</c>/... elements, and the narrative <c>div</c> as its exact XHTML source text (the
/// string FHIR JSON carries). Rejects, with a <see cref="FhirException"/> (400; 413 for a body over the size limit)
/// carrying every problem found with its FHIRPath location and line/column: XML that is not well formed, DTDs
/// (so no entity expansion and no external entities), elements outside the FHIR namespace, unknown elements and
/// attributes, text content, a single element repeated, two types of one choice, nesting beyond the limit.
/// </summary>
/// <remarks>
/// <para>Element order is not checked: FHIR XML requires definition order, but the tree keeps document order (as the
/// JSON parser keeps property order) and every serializer writes definition order, so a misordered document is read
/// as what it plainly means and never written back misordered. Cardinality, value formats and invariants are the
/// validator's business, as for JSON.</para>
/// <para>Input must be UTF-8, the only encoding FHIR allows (an <c>encoding</c> declaration is not honoured; bytes that are
/// not UTF-8 are a 400). Comments and processing instructions are ignored, except inside the narrative, which is kept
/// as written. The FHIR namespace must be the elements' namespace, whatever prefix declares it; <c>xsi:*</c>
/// attributes (<c>schemaLocation</c> in HL7 examples) are ignored. Thread-safe: one instance serves concurrent requests.</para>
/// </remarks>
public sealed class FhirXmlParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly FhirDefinitions _definitions;
    private readonly XmlReaderSettings _readerSettings;

    public FhirXmlParser(FhirDefinitions definitions, FhirXmlParserOptions? options = null)
    {
        _definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
        Options = options ?? FhirXmlParserOptions.Default;
        _readerSettings = FhirXmlParseSession.CreateReaderSettings(Options);
    }

    public FhirXmlParserOptions Options { get; }

    public ElementNode Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > Options.MaxBytes || Encoding.UTF8.GetByteCount(xml) > Options.MaxBytes)
        {
            throw TooLarge();
        }

        return ParseText(xml.StartsWith('\uFEFF') ? xml[1..] : xml);
    }

    public ElementNode Parse(ReadOnlySpan<byte> utf8Xml)
    {
        if (utf8Xml.Length > Options.MaxBytes)
        {
            throw TooLarge();
        }

        if (utf8Xml.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8Xml = utf8Xml[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(utf8Xml);
        }
        catch (DecoderFallbackException e)
        {
            throw NotUtf8(utf8Xml, e.Index);
        }

        return ParseText(text);
    }

    public ElementNode Parse(Stream stream) => BoundedStreamReader.Parse(stream, Options.MaxBytes, Parse);

    public Task<ElementNode> ParseAsync(Stream stream, CancellationToken cancellationToken = default) =>
        BoundedStreamReader.ParseAsync(stream, Options.MaxBytes, Parse, cancellationToken);

    private ElementNode ParseText(string xml) => new FhirXmlParseSession(_definitions, Options, _readerSettings, xml).Parse();

    private static FhirException NotUtf8(ReadOnlySpan<byte> utf8Xml, int index)
    {
        // Position of the first bad byte: count lines and characters in the valid prefix.
        var offset = Math.Clamp(index, 0, utf8Xml.Length);
        var prefix = Encoding.UTF8.GetString(utf8Xml[..offset]);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < prefix.Length; i++)
        {
            if (prefix[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new FhirException(400, new OperationOutcomeIssue(IssueSeverity.Error, "invalid",
            "The body is not valid UTF-8; FHIR XML must be UTF-8 encoded.", null, line, prefix.Length - lineStart + 1));
    }

    private FhirException TooLarge() => BoundedStreamReader.TooLarge(Options.MaxBytes);
}
