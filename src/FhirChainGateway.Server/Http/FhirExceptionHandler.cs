using FhirChainGateway.Fhir.Errors;
using FhirChainGateway.Storage.Resources;
using Microsoft.AspNetCore.Diagnostics;

namespace FhirChainGateway.Server.Http;

/// <summary>
/// The one place where failures become OperationOutcome responses. FHIR errors keep their status;
/// anything else is a bug and answers 500 with a correlation id, never with exception details.
/// </summary>
public sealed partial class FhirExceptionHandler(ILogger<FhirExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, issues) = Translate(exception);
        if (status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.TraceIdentifier);
        }

        await new FhirJsonResult(OperationOutcomeJson.ToUtf8(issues), status).ExecuteAsync(httpContext);
        return true;
    }

    public static (int Status, IReadOnlyList<OperationOutcomeIssue> Issues) Translate(Exception exception) => exception switch
    {
        FhirException fhir => (fhir.StatusCode, fhir.Issues),
        VersionConflictException conflict => (409, [OperationOutcomeIssue.Error("conflict", conflict.Message)]),
        BadHttpRequestException bad => (bad.StatusCode, [OperationOutcomeIssue.Error(bad.StatusCode == 413 ? "too-costly" : "invalid", bad.Message)]),
        OperationCanceledException => (499, [OperationOutcomeIssue.Error("timeout", "The request was cancelled.")]),
        _ => (500, [OperationOutcomeIssue.Error("exception", "Internal error; see the server log.")]),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error for request {TraceIdentifier}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string traceIdentifier);
}
