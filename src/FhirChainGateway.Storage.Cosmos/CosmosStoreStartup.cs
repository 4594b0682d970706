using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// Hosted service of the Cosmos store: at start-up creates the database and containers (failing the
/// host fast on a wrong endpoint or key) and runs the recovery pass once before the host serves
/// requests; then runs recovery every <see cref="CosmosStoreOptions.RecoveryInterval"/>.
/// </summary>
public sealed partial class CosmosStoreStartup(
    CosmosStoreDatabase database,
    CosmosResourceStore store,
    TimeProvider timeProvider,
    ILogger<CosmosStoreStartup> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var report = await store.RecoverAsync(cancellationToken).ConfigureAwait(false);
        Log(logger, report.RolledForward, report.RolledBack, report.InFlight, report.OrphansRemoved);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = database.Options.RecoveryInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var report = await store.RecoverAsync(stoppingToken).ConfigureAwait(false);
                if (report.RolledForward + report.RolledBack + report.OrphansRemoved > 0)
                {
                    Log(logger, report.RolledForward, report.RolledBack, report.InFlight, report.OrphansRemoved);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed pass (e.g. the account unreachable) is retried at the next tick.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cosmos recovery: {RolledForward} batches rolled forward, {RolledBack} rolled back, {InFlight} in flight, {Orphans} orphaned outbox messages removed.")]
    private static partial void Log(ILogger logger, int rolledForward, int rolledBack, int inFlight, int orphans);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cosmos recovery pass failed; retrying at the next interval.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
