using FhirChainGateway.Ledger.Log;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using FhirChainGateway.LedgerWriter.Hosting;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.LedgerWriter.Messaging;

/// <summary>
/// The integrate and publish stages: folds sequenced entries into the tree and signs a checkpoint,
/// at most every <see cref="LedgerWriterOptions.CheckpointInterval"/> while entries arrive, so a
/// checkpoint covering any acknowledged entry appears within about one interval.
/// </summary>
public sealed partial class LedgerIntegrationService(
    TransparencyLog log,
    IntegrationSignal signal,
    IOptions<LedgerWriterOptions> options,
    TimeProvider timeProvider,
    ILogger<LedgerIntegrationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.CheckpointInterval;
        ulong published = (await log.GetCheckpointAsync(stoppingToken))?.TreeSize ?? ulong.MaxValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var head = await log.IntegrateAsync(stoppingToken);
                if (head.TreeSize != published)
                {
                    var checkpoint = await log.PublishCheckpointAsync(stoppingToken);
                    published = checkpoint.TreeSize;
                }

                await signal.WaitAsync(interval, stoppingToken);

                // Let a burst of batches accumulate so each checkpoint covers many entries.
                await Task.Delay(TimeSpan.FromTicks(interval.Ticks / 5), timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogIntegrationFailed(logger, exception);
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ledger integration failed; retrying")]
    private static partial void LogIntegrationFailed(ILogger logger, Exception exception);
}
