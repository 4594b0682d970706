using System.Diagnostics.Metrics;

namespace FhirChainGateway.Server.Outbox;

/// <summary>
/// Outbox metrics (meter <c>FhirChainGateway.Outbox</c>): pending depth as last counted by the relay, and
/// counters of relayed and failed sends. A growing depth means the bus or the ledger writer is behind.
/// </summary>
public sealed class OutboxMetrics : IDisposable
{
    public const string MeterName = "FhirChainGateway.Outbox";

    private readonly Meter _meter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private long _pending;

    public OutboxMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("fhirchain.outbox.pending", () => Interlocked.Read(ref _pending), unit: "{message}", description: "Committed events not yet accepted by the bus");
        _sent = _meter.CreateCounter<long>("fhirchain.outbox.sent", unit: "{message}", description: "Events the bus accepted");
        _failed = _meter.CreateCounter<long>("fhirchain.outbox.send_failures", unit: "{attempt}", description: "Sends that failed after retries");
    }

    public long Pending => Interlocked.Read(ref _pending);

    public void SetPending(long pending) => Interlocked.Exchange(ref _pending, pending);

    public void Sent(int count) => _sent.Add(count);

    public void Failed() => _failed.Add(1);

    public void Dispose() => _meter.Dispose();
}
