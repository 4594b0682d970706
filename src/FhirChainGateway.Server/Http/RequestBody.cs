using FhirChainGateway.Fhir.Errors;

namespace FhirChainGateway.Server.Http;

/// <summary>Reads a request body whole; Kestrel's MaxRequestBodySize (from GatewayOptions) bounds it.</summary>
public static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var contentType = request.ContentType;
        if (contentType is not null
            && !contentType.StartsWith("application/fhir+json", StringComparison.OrdinalIgnoreCase)
            && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            && !FhirFormat.IsXmlContent(contentType))
        {
            throw new FhirException(415, OperationOutcomeIssue.Error("not-supported", $"Content type '{contentType}' is not supported; send application/fhir+json or application/fhir+xml."));
        }

        using var buffer = new MemoryStream(request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : 4096);
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            throw FhirException.BadRequest("The request body is empty; a FHIR resource was expected.");
        }

        return buffer.ToArray();
    }
}
