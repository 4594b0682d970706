using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Xml;
using FhirChainGateway.Server.Hosting;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Server.Interactions;

/// <summary>
/// The gateway's use of the FHIR engine's JSON support: parse request bodies, serialize stored versions,
/// and the canonical form that every hash in the system is taken over.
/// </summary>
public sealed class FhirCodec(FhirDefinitions definitions, IOptions<GatewayOptions> options)
{
    private readonly FhirJsonParser _parser = new(definitions, new FhirJsonParserOptions { MaxBytes = options.Value.MaxRequestBodyBytes });
    private readonly FhirJsonSerializer _serializer = new(definitions);
    private readonly FhirCanonicalJson _canonical = new(definitions);
    private readonly FhirXmlParser _xmlParser = new(definitions, new FhirXmlParserOptions { MaxBytes = options.Value.MaxRequestBodyBytes });
    private readonly FhirXmlSerializer _xmlSerializer = new(definitions);

    public ElementNode Parse(byte[] json) => _parser.Parse(json);

    /// <summary>Parses a request body in the format its content type names (FHIR XML or JSON).</summary>
    public ElementNode Parse(byte[] body, string? contentType) =>
        FhirChainGateway.Server.Http.FhirFormat.IsXmlContent(contentType) ? _xmlParser.Parse(body) : _parser.Parse(body);

    /// <summary>FHIR XML of a FHIR JSON document (responses are built as JSON and converted when XML was negotiated).</summary>
    public byte[] JsonToXml(ReadOnlyMemory<byte> json) => _xmlSerializer.SerializeToUtf8Bytes(_parser.Parse(json.Span));

    public byte[] Serialize(ElementNode resource) => _serializer.SerializeToUtf8Bytes(resource);

    public byte[] Canonicalize(ReadOnlySpan<byte> json) => _canonical.Canonicalize(json);

    /// <summary>Lower-case hex SHA-256 of the canonical JSON: the content hash Provenance targets carry.</summary>
    public string CanonicalSha256(ReadOnlySpan<byte> json) => _canonical.Sha256Hex(json);

    /// <summary>Sets <c>id</c>, <c>meta.versionId</c> and <c>meta.lastUpdated</c>, keeping the rest of meta.</summary>
    public void Stamp(ElementNode resource, string id, long versionId, string lastUpdated)
    {
        var root = definitions.RequireType(resource.InstanceType).Root;
        resource.SetPrimitive("id", "id", id, definitions.FindChild(root, resource.InstanceType, "id"));
        var metaDefinition = definitions.FindChild(root, resource.InstanceType, "meta");
        var meta = resource.GetOrAdd("meta", "Meta", metaDefinition);
        meta.SetPrimitive("versionId", "id", versionId.ToString(System.Globalization.CultureInfo.InvariantCulture), metaDefinition is null ? null : definitions.FindChild(metaDefinition, "Meta", "versionId"));
        meta.SetPrimitive("lastUpdated", "instant", lastUpdated, metaDefinition is null ? null : definitions.FindChild(metaDefinition, "Meta", "lastUpdated"));
    }
}
