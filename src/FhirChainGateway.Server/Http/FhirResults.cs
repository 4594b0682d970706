using FhirChainGateway.Server.Interactions;
using FhirChainGateway.Server.Provenance;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Server.Http;

/// <summary>FHIR responses: JSON bodies with the FHIR media type, and ETag/Last-Modified/Location headers for resources.</summary>
public static class FhirResults
{
    public static IResult Json(byte[] body, int status = 200) => new FhirJsonResult(body, status);

    public static IResult Json(ReadOnlyMemory<byte> body, int status = 200) => new FhirJsonResult(body, status);

    /// <summary>A stored version as the body of a read or vread.</summary>
    public static IResult Version(ResourceVersion version, HttpRequest request)
    {
        SetVersionHeaders(request.HttpContext.Response, version.VersionId, version.LastUpdated);
        return Json(version.Json);
    }

    /// <summary>The answer to a create or update, honouring <c>Prefer: return=minimal|representation|OperationOutcome</c>.</summary>
    public static IResult Resource(EntryOutcome outcome, string baseUrl, HttpRequest request)
    {
        var response = request.HttpContext.Response;
        if (outcome.VersionId is { } version && outcome.LastUpdated is { } lastUpdated)
        {
            SetVersionHeaders(response, version, lastUpdated);
        }

        if (outcome.Status == 201 && outcome.Location is { } location)
        {
            response.Headers.Location = $"{baseUrl}/{location}";
        }

        var prefer = request.Headers["Prefer"].ToString();
        if (prefer.Contains("return=minimal", StringComparison.OrdinalIgnoreCase))
        {
            return Results.StatusCode(outcome.Status);
        }

        if (prefer.Contains("return=OperationOutcome", StringComparison.OrdinalIgnoreCase))
        {
            // The validation warnings of a successful write, with a line saying what was written.
            var message = $"{outcome.ResourceType}/{outcome.Id} version {outcome.VersionId}: {BundleJson.StatusLine(outcome.Status)}";
            IReadOnlyList<FhirChainGateway.Fhir.Errors.OperationOutcomeIssue> issues =
                [FhirChainGateway.Fhir.Errors.OperationOutcomeIssue.Information("informational", message), .. outcome.Issues ?? []];
            return Json(OperationOutcomeJson.ToUtf8(issues), outcome.Status);
        }

        return Json(outcome.Json, outcome.Status);
    }

    private static void SetVersionHeaders(HttpResponse response, long versionId, DateTimeOffset lastUpdated)
    {
        response.Headers.ETag = VersionTag.Format(versionId);
        response.Headers.LastModified = lastUpdated.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// A FHIR body with a status code (Results.Bytes cannot set one). Everything is produced as FHIR JSON and
/// converted here, in one place, when the client negotiated XML.
/// </summary>
internal sealed class FhirJsonResult(ReadOnlyMemory<byte> body, int status) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var payload = body;
        var contentType = FhirMediaTypes.JsonWithCharset;
        if (payload.Length > 0 && FhirFormat.WantsXml(httpContext.Request))
        {
            payload = httpContext.RequestServices.GetRequiredService<FhirChainGateway.Server.Interactions.FhirCodec>().JsonToXml(payload);
            contentType = FhirFormat.XmlWithCharset;
        }

        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = contentType;
        httpContext.Response.ContentLength = payload.Length;
        await httpContext.Response.Body.WriteAsync(payload, httpContext.RequestAborted);
    }
}
