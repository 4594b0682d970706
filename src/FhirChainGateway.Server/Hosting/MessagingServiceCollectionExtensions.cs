using FhirChainGateway.LedgerWriter.Hosting;
using FhirChainGateway.LedgerWriter.Messaging;
using FhirChainGateway.Server.Ledger;
using FhirChainGateway.Server.Outbox;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Server.Hosting;

/// <summary>Where the ledger writer runs relative to the gateway.</summary>
public enum LedgerWriterMode
{
    /// <summary>In the gateway process (the default of <c>make run</c>): one process, any transport.</summary>
    Embedded,

    /// <summary>In its own process (<c>make run-ledger</c>), reached through RabbitMQ; it serves the ledger API.</summary>
    External,
}

/// <summary>The gateway's side of the bus and, when embedded, the ledger writer itself.</summary>
public static class MessagingServiceCollectionExtensions
{
    public static LedgerWriterMode LedgerWriterModeOf(IConfiguration configuration) =>
        configuration.GetValue($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.LedgerWriter)}", LedgerWriterMode.Embedded);

    public static IServiceCollection AddGatewayMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        var embedded = LedgerWriterModeOf(configuration) == LedgerWriterMode.Embedded;
        if (embedded)
        {
            services.AddLedgerWriter(configuration);
            services.AddSingleton<ILedgerClient, InProcessLedgerClient>();

            // The in-memory bus holds events only in memory: count one delivered once the writer sequenced it.
            services.AddSingleton<IDeliveryConfirmation, SequencedDeliveryConfirmation>();

            // Embedded, the ledger shares the gateway's data directory unless configured apart.
            services.AddOptions<LedgerWriterOptions>().PostConfigure<IOptions<GatewayOptions>>((ledger, gateway) =>
                ledger.DataDirectory ??= gateway.Value.DataDirectory);
        }
        else
        {
            services.AddHttpClient<ILedgerClient, HttpLedgerClient>((sp, client) =>
                client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.LedgerUrl));
        }

        services.AddSingleton<ReceiptService>();
        services.AddFhirChainBus(configuration, withLedgerConsumer: embedded);
        return services;
    }
}
