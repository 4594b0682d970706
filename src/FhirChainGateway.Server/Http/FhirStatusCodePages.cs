using FhirChainGateway.Fhir.Errors;
using Microsoft.AspNetCore.Diagnostics;

namespace FhirChainGateway.Server.Http;

/// <summary>
/// Gives bodiless error statuses produced by routing (404 for an unknown path, 405 for a wrong method)
/// an OperationOutcome, so clients always get FHIR back.
/// </summary>
public static class FhirStatusCodePages
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var response = context.HttpContext.Response;
        if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null)
        {
            return;
        }

        var message = response.StatusCode switch
        {
            404 => $"No FHIR interaction at '{context.HttpContext.Request.Path}'.",
            405 => $"Method {context.HttpContext.Request.Method} is not allowed at '{context.HttpContext.Request.Path}'.",
            _ => $"HTTP {response.StatusCode}.",
        };
        response.ContentType = FhirMediaTypes.JsonWithCharset;
        await response.Body.WriteAsync(OperationOutcomeJson.ToUtf8([OperationOutcomeIssue.Error(response.StatusCode == 404 ? "not-found" : "not-supported", message)]));
    }
}
