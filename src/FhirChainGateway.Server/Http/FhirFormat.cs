namespace FhirChainGateway.Server.Http;

/// <summary>
/// Content negotiation between FHIR JSON (the default) and FHIR XML: <c>_format</c> wins over <c>Accept</c>,
/// as the FHIR REST specification says.
/// </summary>
public static class FhirFormat
{
    public const string Xml = "application/fhir+xml";
    public const string XmlWithCharset = "application/fhir+xml; charset=utf-8";

    public static bool WantsXml(HttpRequest request)
    {
        var format = request.Query["_format"].ToString();
        if (format.Length > 0)
        {
            return format is "xml" or "text/xml" or "application/xml" or Xml;
        }

        foreach (var accept in request.Headers.Accept)
        {
            if (accept is null)
            {
                continue;
            }

            var json = accept.IndexOf("json", StringComparison.OrdinalIgnoreCase);
            var xml = accept.IndexOf("xml", StringComparison.OrdinalIgnoreCase);
            if (xml >= 0 && (json < 0 || xml < json))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsXmlContent(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith(Xml, StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/xml", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase));
}
