using FhirChainGateway.LedgerWriter.Messaging;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.LedgerWriter.Hosting;

/// <summary>
/// Connects the ledger queue's consumer only once this process holds the single-writer lease, so a
/// standby instance never consumes. Until then the queue (durable) keeps the events.
/// </summary>
public sealed partial class LedgerConsumerActivation(
    SingleWriterLease lease,
    IReceiveEndpointConnector connector,
    IOptions<MessagingOptions> messaging,
    LedgerWriterState state,
    IHostApplicationLifetime lifetime,
    ILogger<LedgerConsumerActivation> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Connect only once the host (and with it the bus) has started: an endpoint connected while the bus is
        // still starting its endpoints gets started twice, which fails start-up.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        if (!lease.TryAcquire())
        {
            LogStandby(logger);
            await lease.AcquireAsync(TimeSpan.FromSeconds(1), stoppingToken);
        }

        var options = messaging.Value;
        var handle = connector.ConnectReceiveEndpoint(options.LedgerQueue, (context, endpoint) =>
        {
            // The queue is written by senders that never bind an exchange: no publish topology needed.
            endpoint.ConfigureConsumeTopology = false;
            endpoint.PrefetchCount = options.PrefetchCount;
            endpoint.ConcurrentMessageLimit = options.PrefetchCount;
            endpoint.UseMessageRetry(retry =>
            {
                retry.Ignore<PoisonEventException>();
                retry.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
            });
            endpoint.ConfigureConsumer<ProvenanceRecordedConsumer>(context);
        });
        await handle.Ready.WaitAsync(stoppingToken);
        state.Active = true;
        LogActive(logger, options.LedgerQueue);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another ledger writer holds the lease; waiting as standby")]
    private static partial void LogStandby(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger writer active on queue {Queue}")]
    private static partial void LogActive(ILogger logger, string queue);
}

/// <summary>Whether this process is the active ledger writer (for /health).</summary>
public sealed class LedgerWriterState
{
    public bool Active { get; set; }
}
