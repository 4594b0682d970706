using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Storage.Sqlite;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite database, <see cref="IResourceStore"/> and <see cref="IOutboxStore"/> as
    /// singletons over one file. Registers <see cref="TimeProvider.System"/> unless a TimeProvider is
    /// already registered. Bind <see cref="SqliteStoreOptions"/> from configuration separately if wanted;
    /// <paramref name="configure"/> runs after any such binding.
    /// </summary>
    public static IServiceCollection AddSqliteResourceStore(
        this IServiceCollection services, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SqliteStoreOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value));
        services.AddSingleton(sp => new SqliteResourceStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IResourceStore>(sp => sp.GetRequiredService<SqliteResourceStore>());
        services.AddSingleton<IResourceErasure>(sp => sp.GetRequiredService<SqliteResourceStore>());
        services.AddSingleton(sp => new SqliteOutboxStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<SqliteOutboxStore>());
        return services;
    }
}
