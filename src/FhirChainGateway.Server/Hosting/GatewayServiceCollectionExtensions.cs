using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.Validation;
using FhirChainGateway.Server.Http;
using FhirChainGateway.Server.Indexing;
using FhirChainGateway.Server.Interactions;
using FhirChainGateway.Server.Ledger;
using FhirChainGateway.Server.Metadata;
using FhirChainGateway.Server.Outbox;
using FhirChainGateway.Storage.Cosmos;
using FhirChainGateway.Storage.Sqlite;
using Microsoft.Azure.Cosmos;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Server.Hosting;

/// <summary>The gateway's composition, one explicit <c>Add…</c> per capability.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GatewayOptions"/> (section <c>Gateway</c>; <c>FHIRCHAIN_DATA</c> overrides the data
    /// directory) and validates them at start-up. Also the default URL, http://127.0.0.1:8080.
    /// </summary>
    public static WebApplicationBuilder AddGatewayOptions(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:8080");
        }

        var dataOverride = Environment.GetEnvironmentVariable("FHIRCHAIN_DATA");
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .PostConfigure(options =>
            {
                if (!string.IsNullOrWhiteSpace(dataOverride))
                {
                    options.DataDirectory = dataOverride;
                }

                options.DataDirectory = Path.GetFullPath(options.DataDirectory);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(services =>
            new ConfigureOptions<KestrelServerOptions>(kestrel =>
                kestrel.Limits.MaxRequestBodySize = services.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes));
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The FHIR engine: definitions (loaded once at start-up), JSON codec and the write-time validator.</summary>
    public static IServiceCollection AddFhirEngine(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var searchRoot = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.DefinitionsSearchRoot;
            return FhirDefinitions.Load(DefinitionsLocator.Locate(
                [searchRoot, AppContext.BaseDirectory, Environment.CurrentDirectory],
                Environment.GetEnvironmentVariable));
        });
        services.AddHostedService<DefinitionsWarmup>();
        services.AddSingleton<FhirCodec>();
        services.AddSingleton<IResourceValidator>(sp => new StructuralValidator(sp.GetRequiredService<FhirDefinitions>()));
        return services;
    }

    /// <summary>
    /// The resource store and outbox: SQLite in <c>{DataDirectory}/fhir.db</c> (default), or Azure Cosmos DB when
    /// <c>FHIRCHAIN_STORAGE=cosmos</c> / <c>Storage:Backend=Cosmos</c>, configured by section <c>Storage:Cosmos</c>
    /// (<c>ConnectionString</c>, or <c>AccountEndpoint</c> + <c>AccountKey</c>; <c>FHIRCHAIN_COSMOS_CONNECTION</c>
    /// overrides the connection string).
    /// </summary>
    /// <param name="configureCosmosClient">Client settings for non-Azure endpoints (certificates of a local test server).</param>
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services, IConfiguration configuration, Action<CosmosClientOptions>? configureCosmosClient = null)
    {
        if (StorageBackendOf(configuration) == StorageBackend.Cosmos)
        {
            services.AddOptions<CosmosStoreOptions>().Bind(configuration.GetSection("Storage:Cosmos")).PostConfigure(options =>
            {
                if (Environment.GetEnvironmentVariable("FHIRCHAIN_COSMOS_CONNECTION") is { Length: > 0 } connection)
                {
                    options.ConnectionString = connection;
                }
            });
            services.AddCosmosResourceStore(configureClient: configureCosmosClient);
            return services;
        }

        services.AddSqliteResourceStore();
        services.AddOptions<SqliteStoreOptions>().Configure<IOptions<GatewayOptions>>((sqlite, gateway) =>
        {
            Directory.CreateDirectory(gateway.Value.DataDirectory);
            sqlite.DatabasePath = Path.Combine(gateway.Value.DataDirectory, "fhir.db");
        });
        return services;
    }

    public static StorageBackend StorageBackendOf(IConfiguration configuration) =>
        Environment.GetEnvironmentVariable("FHIRCHAIN_STORAGE") is { Length: > 0 } fromEnvironment
            ? Enum.Parse<StorageBackend>(fromEnvironment, ignoreCase: true)
            : configuration.GetValue("Storage:Backend", StorageBackend.Sqlite);

    /// <summary>The REST interactions: planning, writing with Provenance, Bundles, capability statement.</summary>
    public static IServiceCollection AddFhirInteractions(this IServiceCollection services)
    {
        services.AddSingleton<ResourceTypes>();
        services.AddSingleton<SearchIndexer>();
        services.AddSingleton<PatientCompartment>();
        services.AddSingleton<ConditionalResolver>();
        services.AddSingleton(sp =>
        {
            var gateway = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return PseudonymKeyStore.LoadOrCreate(gateway.PseudonymKeyPath ?? Path.Combine(gateway.DataDirectory, "pseudonym.key"));
        });
        services.AddSingleton<LedgerRecorder>();
        services.AddSingleton<WritePipeline>();
        services.AddSingleton<InteractionEngine>();
        services.AddSingleton<BundleProcessor>();
        services.AddSingleton<RequestAgents>();
        services.AddSingleton<CapabilityStatementBuilder>();
        services.AddExceptionHandler<FhirExceptionHandler>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>The relay that moves committed outbox rows to the bus.</summary>
    public static IServiceCollection AddOutboxRelay(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxRelayOptions>()
            .Bind(configuration.GetSection(OutboxRelayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxMetrics>();
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        return services;
    }
}
