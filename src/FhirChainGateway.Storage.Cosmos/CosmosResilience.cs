using System.Globalization;
using System.Net;
using Microsoft.Azure.Cosmos;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// The Polly pipeline around every Cosmos request: an overall timeout, then retries of throttling and
/// transient unavailability that wait what the service asks for, then a timeout per attempt.
/// </summary>
internal static class CosmosResilience
{
    /// <summary>Cosmos's "retry with" status for a write that raced another on the same document.</summary>
    private const HttpStatusCode RetryWith = (HttpStatusCode)449;

    public static ResiliencePipeline<ResponseMessage> Build(CosmosStoreOptions options, CosmosRequestCharges charges, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<ResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(options.OperationTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome, options.MaxRetryDelay)),
                OnRetry = args =>
                {
                    charges.RecordRetry(StatusOf(args.Outcome));
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.AddTimeout(options.RequestTimeout).Build();
    }

    internal static bool IsTransient(Outcome<ResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => IsTransient(response.StatusCode),
        { Exception: CosmosException cosmos } => IsTransient(cosmos.StatusCode),
        { Exception: TimeoutRejectedException or HttpRequestException } => true,
        _ => false,
    };

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout or RetryWith;

    /// <summary>The server's retry-after (429 always carries one), capped; null lets the back-off decide.</summary>
    private static TimeSpan? RetryAfter(Outcome<ResponseMessage> outcome, TimeSpan max)
    {
        var after = outcome switch
        {
            { Result: { } response } => RetryAfter(response.Headers),
            { Exception: CosmosException cosmos } => cosmos.RetryAfter,
            _ => null,
        };
        return after is { } delay && delay > TimeSpan.Zero ? (delay < max ? delay : max) : null;
    }

    /// <summary>Cosmos sends the wait in milliseconds in its own header (429 and some 503).</summary>
    private static TimeSpan? RetryAfter(Headers headers) =>
        double.TryParse(headers["x-ms-retry-after-ms"], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0
            ? TimeSpan.FromMilliseconds(milliseconds)
            : null;

    private static int StatusOf(Outcome<ResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => (int)response.StatusCode,
        { Exception: CosmosException cosmos } => (int)cosmos.StatusCode,
        _ => 0,
    };
}
