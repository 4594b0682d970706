using System.Diagnostics.Metrics;
using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Storage.Cosmos;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Cosmos database, <see cref="IResourceStore"/>, <see cref="IResourceErasure"/> and <see cref="IOutboxStore"/> as
    /// singletons, <see cref="CosmosRequestCharges"/> (RU metrics and per-flow scopes), and the
    /// <see cref="CosmosStoreStartup"/> hosted service (containers and recovery at start-up, then
    /// periodic recovery). <see cref="CosmosStoreOptions"/> are validated at start-up; bind them from
    /// configuration separately if wanted (<paramref name="configure"/> runs after any such binding).
    /// Registers <see cref="TimeProvider.System"/> unless a TimeProvider is already registered.
    /// </summary>
    /// <param name="configureClient">Adjusts the SDK's client options last (e.g. an HTTP client factory or a proxy).</param>
    public static IServiceCollection AddCosmosResourceStore(
        this IServiceCollection services,
        Action<CosmosStoreOptions>? configure = null,
        Action<CosmosClientOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CosmosStoreOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CosmosStoreOptions>, CosmosStoreOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new CosmosRequestCharges(sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => new CosmosStoreDatabase(
            sp.GetRequiredService<IOptions<CosmosStoreOptions>>().Value,
            sp.GetRequiredService<CosmosRequestCharges>(),
            sp.GetRequiredService<TimeProvider>(),
            configureClient));
        services.AddSingleton(sp => new CosmosResourceStore(
            sp.GetRequiredService<CosmosStoreDatabase>(),
            sp.GetService<ILogger<CosmosResourceStore>>() ?? NullLogger<CosmosResourceStore>.Instance));
        services.AddSingleton<IResourceStore>(sp => sp.GetRequiredService<CosmosResourceStore>());
        services.AddSingleton<IResourceErasure>(sp => sp.GetRequiredService<CosmosResourceStore>());
        services.AddSingleton(sp => new CosmosOutboxStore(sp.GetRequiredService<CosmosStoreDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<CosmosOutboxStore>());
        services.AddHostedService(sp => new CosmosStoreStartup(
            sp.GetRequiredService<CosmosStoreDatabase>(),
            sp.GetRequiredService<CosmosResourceStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<CosmosStoreStartup>>() ?? NullLogger<CosmosStoreStartup>.Instance));
        return services;
    }
}
