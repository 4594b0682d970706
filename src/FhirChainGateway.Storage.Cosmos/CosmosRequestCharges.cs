using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// Records the request units (RU) of every Cosmos request the store sends, retries included: as
/// metrics (meter <c>FhirChainGateway.Storage.Cosmos</c>) and into the <see cref="RequestChargeScope"/>s
/// open on the calling flow, so a host can report what one interaction cost (e.g. in a debug response
/// header) without threading anything through the store's API.
/// </summary>
public sealed class CosmosRequestCharges : IDisposable
{
    public const string MeterName = "FhirChainGateway.Storage.Cosmos";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<double> _requestUnits;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _retries;

    /// <summary>The scope innermost on the current async flow; it chains to the scopes around it.</summary>
    private readonly AsyncLocal<RequestChargeScope?> _current = new();

    private double _total;
    private long _count;

    /// <param name="meterFactory">The host's factory (DI registers one with AddMetrics); null creates a private meter.</param>
    public CosmosRequestCharges(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requestUnits = _meter.CreateCounter<double>(
            "fhirchain.cosmos.request_units", "RU", "Request units charged by Cosmos DB, by operation and status code.");
        _requests = _meter.CreateCounter<long>(
            "fhirchain.cosmos.requests", "{request}", "Cosmos DB requests sent, by operation and status code (each retry counts).");
        _retries = _meter.CreateCounter<long>(
            "fhirchain.cosmos.retries", "{retry}", "Cosmos DB requests retried after 429, 503, 408 or 449, by status code.");
    }

    /// <summary>RU charged since this instance was created (all flows).</summary>
    public double TotalRequestUnits => Volatile.Read(ref _total);

    /// <summary>Requests sent since this instance was created (all flows).</summary>
    public long TotalRequests => Interlocked.Read(ref _count);

    /// <summary>
    /// Starts accumulating the charges of requests made on this async flow (and flows it starts) until
    /// the scope is disposed. Scopes nest: an outer scope also sees what inner scopes record.
    /// </summary>
    public RequestChargeScope BeginScope()
    {
        var scope = new RequestChargeScope(this, _current.Value);
        _current.Value = scope;
        return scope;
    }

    internal void Record(string operation, int statusCode, double requestUnits)
    {
        var tags = new TagList { { "operation", operation }, { "status_code", statusCode } };
        _requests.Add(1, tags);
        if (requestUnits > 0)
        {
            _requestUnits.Add(requestUnits, tags);
        }

        AddTo(ref _total, requestUnits);
        Interlocked.Increment(ref _count);
        for (var scope = _current.Value; scope is not null; scope = scope.Parent)
        {
            scope.Add(requestUnits);
        }
    }

    internal void RecordRetry(int statusCode) => _retries.Add(1, new KeyValuePair<string, object?>("status_code", statusCode));

    internal void EndScope(RequestChargeScope scope)
    {
        // Only the innermost scope of this flow can be restored to its parent; a scope disposed out of
        // order simply stops counting.
        if (ReferenceEquals(_current.Value, scope))
        {
            _current.Value = scope.Parent;
        }
    }

    internal static void AddTo(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
