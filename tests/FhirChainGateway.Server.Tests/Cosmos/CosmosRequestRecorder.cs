using System.Collections.Concurrent;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Server.Tests.Cosmos;

/// <summary>
/// A handler in the gateway's CosmosClient pipeline (<see cref="CosmosClientOptions.CustomHandlers"/>) that
/// notes where each Cosmos request goes: its partition key header. A document request without one is a query
/// over every partition (the SDK picks the partition key ranges to visit after the custom handlers). Only
/// requests made while an HTTP request to the gateway carries a label (<see cref="LabelHeader"/>) are kept, so
/// the gateway's background work (outbox relay, recovery) never mixes into what a test asserts about one
/// interaction.
/// </summary>
public sealed class CosmosRequestRecorder : RequestHandler
{
    /// <summary>The HTTP header a test sets on a gateway request whose Cosmos requests it wants to see.</summary>
    public const string LabelHeader = "x-fhirchain-test-label";

    private readonly AsyncLocal<string?> _label = new();
    private readonly ConcurrentQueue<ObservedCosmosRequest> _requests = new();

    /// <summary>Labels the Cosmos requests made by the current async flow (the gateway's handling of one HTTP request).</summary>
    public IDisposable BeginLabel(string label)
    {
        var previous = _label.Value;
        _label.Value = label;
        return new Restore(() => _label.Value = previous);
    }

    public IReadOnlyList<ObservedCosmosRequest> For(string label) => _requests.Where(r => r.Label == label).ToList();

    public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        if (_label.Value is { } label)
        {
            _requests.Enqueue(new ObservedCosmosRequest(
                label,
                request.Method.Method,
                request.RequestUri?.OriginalString ?? string.Empty,
                NullIfEmpty(request.Headers["x-ms-documentdb-partitionkey"]),
                string.Equals(request.Headers["x-ms-cosmos-is-query-plan-request"], "true", StringComparison.OrdinalIgnoreCase),
                string.Equals(request.Headers["x-ms-documentdb-isquery"], "true", StringComparison.OrdinalIgnoreCase)));
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

/// <summary>One Cosmos request as it left the gateway's client.</summary>
/// <param name="PartitionKey">The partition key header (JSON, e.g. <c>["Patient/123"]</c>); null when the request names none (a fan-out).</param>
/// <param name="IsQueryPlan">The SDK asking the service how to run a query: touches no documents.</param>
public sealed record ObservedCosmosRequest(
    string Label, string Method, string Path, string? PartitionKey, bool IsQueryPlan, bool IsQuery)
{
    /// <summary>
    /// A request that reads or writes documents: an operation on one (<c>.../docs/{id}</c>) or a query (a POST
    /// to the container), as opposed to metadata and the SDK's query-plan requests.
    /// </summary>
    public bool TouchesDocuments => (Path.Contains("/docs/", StringComparison.Ordinal) || IsQuery) && !IsQueryPlan;

    public override string ToString() =>
        $"{Method} {Path} pk={PartitionKey ?? "-"}{(IsQuery ? " query" : string.Empty)}{(IsQueryPlan ? " plan" : string.Empty)}";
}
