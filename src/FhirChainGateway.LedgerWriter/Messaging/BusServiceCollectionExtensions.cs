using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirChainGateway.LedgerWriter.Messaging;

/// <summary>
/// The bus both hosts use: RabbitMQ when a broker is configured (<c>FHIRCHAIN_RABBITMQ</c> or
/// <c>Messaging:RabbitMqUri</c>), otherwise MassTransit's in-memory transport.
/// </summary>
public static class BusServiceCollectionExtensions
{
    /// <param name="withLedgerConsumer">
    /// True in a process that runs the ledger writer (its own host, or the gateway on embedded defaults);
    /// the consumer's endpoint is connected later, by <c>LedgerConsumerActivation</c>, once the lease is held.
    /// </param>
    public static IServiceCollection AddFhirChainBus(this IServiceCollection services, IConfiguration configuration, bool withLedgerConsumer)
    {
        var section = configuration.GetSection(MessagingOptions.SectionName);
        var rabbitMq = Environment.GetEnvironmentVariable(MessagingOptions.RabbitMqEnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : section[nameof(MessagingOptions.RabbitMqUri)];
        var address = string.IsNullOrWhiteSpace(rabbitMq) ? null : RabbitMqAddress.Parse(rabbitMq);

        services.AddOptions<MessagingOptions>()
            .Bind(section)
            .PostConfigure(options => options.RabbitMqUri = rabbitMq)
            .Validate(options => !string.IsNullOrWhiteSpace(options.LedgerQueue), "Messaging:LedgerQueue must name a queue.")
            .Validate(options => options.PrefetchCount is > 0 and <= 10000, "Messaging:PrefetchCount must be between 1 and 10000.")
            .ValidateOnStart();

        services.AddMassTransit(bus =>
        {
            if (withLedgerConsumer)
            {
                bus.AddConsumer<ProvenanceRecordedConsumer>();
            }

            if (address is null)
            {
                bus.UsingInMemory();
            }
            else
            {
                bus.UsingRabbitMq((_, transport) => transport.Host(address.Host, address.Port, address.VirtualHost, host =>
                {
                    host.Username(address.Username);
                    host.Password(address.Password);
                    host.PublisherConfirmation = true;
                }));
            }
        });
        services.AddSingleton<LedgerEventSender>();
        return services;
    }
}
