using System.Net;
using System.Text;

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>
/// The SDK's HTTP handler (Gateway mode) with faults injected before the server: each request is
/// offered to <see cref="Fault"/>, which may answer it instead (e.g. 429 with a retry-after) or delay it.
/// Also accepts the test server's self-signed certificate.
/// </summary>
internal sealed class FaultInjectingHandler() : DelegatingHandler(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
{
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage?>>? Fault { get; set; }

    /// <summary>A document create (not a query, not a query plan).</summary>
    public static bool IsCreate(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post
        && request.RequestUri!.AbsolutePath.TrimEnd('/').EndsWith("/docs", StringComparison.Ordinal)
        && !request.Headers.Contains("x-ms-documentdb-isquery")
        && !request.Headers.Contains("x-ms-cosmos-is-query-plan-request");

    /// <summary>A point read of one document.</summary>
    public static bool IsPointRead(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.Contains("/docs/", StringComparison.Ordinal);

    /// <summary>What Cosmos sends when a request exceeds the provisioned throughput.</summary>
    public static HttpResponseMessage Throttled(TimeSpan retryAfter) =>
        Error((HttpStatusCode)429, "TooManyRequests", "Request rate is large.", ("x-ms-retry-after-ms", ((long)retryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("x-ms-substatus", "3200"));

    public static HttpResponseMessage Unavailable() =>
        Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "The service is unavailable.");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Fault is { } fault && await fault(request, cancellationToken) is { } response)
        {
            response.RequestMessage = request;
            return response;
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent($$"""{"code":"{{code}}","message":"{{message}}"}""", Encoding.UTF8, "application/json"),
        };
        response.Headers.TryAddWithoutValidation("x-ms-activity-id", Guid.NewGuid().ToString());
        response.Headers.TryAddWithoutValidation("x-ms-request-charge", "0");
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
