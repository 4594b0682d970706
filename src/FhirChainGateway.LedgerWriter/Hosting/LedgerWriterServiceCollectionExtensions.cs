using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.LedgerWriter.Messaging;
using FhirChainGateway.Storage.Sqlite.Ledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.LedgerWriter.Hosting;

/// <summary>Composition of the ledger writer, used by its own host and by the gateway when embedded.</summary>
public static class LedgerWriterServiceCollectionExtensions
{
    /// <summary>
    /// The log (SQLite in <c>{DataDirectory}/ledger.db</c>), its signing key, the single-writer lease, the
    /// sequencing and integration loops, and the activation of the consumer. The bus itself comes from
    /// <see cref="BusServiceCollectionExtensions.AddFhirChainBus"/> with <c>withLedgerConsumer: true</c>.
    /// </summary>
    public static IServiceCollection AddLedgerWriter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LedgerWriterOptions>()
            .Bind(configuration.GetSection(LedgerWriterOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LedgerWriterOptions>>().Value;
            return SigningKeyStore.LoadOrCreate(options.ResolveSigningKeyPath(), options.KeyName ?? options.Origin);
        });
        services.AddSingleton<ILogStorage>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LedgerWriterOptions>>().Value;
            Directory.CreateDirectory(options.ResolveDataDirectory());

            // Opened once at start-up (DI factories are synchronous; there is no synchronization context to deadlock).
            return SqliteLogStorage.OpenAsync(
                new SqliteLogStorageOptions { DatabasePath = Path.Combine(options.ResolveDataDirectory(), "ledger.db") },
                CancellationToken.None).GetAwaiter().GetResult();
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LedgerWriterOptions>>().Value;
            return new TransparencyLog(
                sp.GetRequiredService<ILogStorage>(),
                new TransparencyLogOptions { Origin = options.Origin, Signers = [sp.GetRequiredService<CheckpointSigner>()] },
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp => new SingleWriterLease(
            Path.Combine(sp.GetRequiredService<IOptions<LedgerWriterOptions>>().Value.ResolveDataDirectory(), "ledger.lock"),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LedgerWriterState>();
        services.AddSingleton<IntegrationSignal>();
        services.AddSingleton(sp => new GroupCommitSequencer(
            sp.GetRequiredService<TransparencyLog>(),
            sp.GetRequiredService<IntegrationSignal>(),
            sp.GetRequiredService<IOptions<LedgerWriterOptions>>().Value.BatchSize));
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitSequencer>());
        services.AddHostedService<LedgerIntegrationService>();
        services.AddHostedService<LedgerConsumerActivation>();
        return services;
    }
}
