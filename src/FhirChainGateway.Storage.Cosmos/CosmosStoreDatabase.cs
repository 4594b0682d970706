using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>
/// The Cosmos account, database and two containers behind <see cref="CosmosResourceStore"/> and
/// <see cref="CosmosOutboxStore"/>: owns (or borrows) the <see cref="CosmosClient"/>, creates the
/// database and containers on first use when allowed, and sends every request through one resilience
/// pipeline that records request charges. Safe to share as a singleton.
/// </summary>
public sealed class CosmosStoreDatabase : IAsyncDisposable, IDisposable
{
    private readonly CosmosClient _client;
    private readonly bool _ownsClient;
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Connects with the account in <paramref name="options"/>; <paramref name="configureClient"/> may adjust the SDK options last.</summary>
    public CosmosStoreDatabase(
        CosmosStoreOptions options,
        CosmosRequestCharges charges,
        TimeProvider timeProvider,
        Action<CosmosClientOptions>? configureClient = null)
        : this(CreateClient(options, configureClient), ownsClient: true, options, charges, timeProvider)
    {
    }

    /// <summary>
    /// Uses a client the caller owns (e.g. one client shared by several stores in tests); the client
    /// should not retry 429 itself (<see cref="CosmosClientOptions.MaxRetryAttemptsOnRateLimitedRequests"/> 0),
    /// because this store's pipeline does.
    /// </summary>
    public CosmosStoreDatabase(CosmosClient client, CosmosStoreOptions options, CosmosRequestCharges charges, TimeProvider timeProvider)
        : this(client, ownsClient: false, options, charges, timeProvider)
    {
    }

    private CosmosStoreDatabase(CosmosClient client, bool ownsClient, CosmosStoreOptions options, CosmosRequestCharges charges, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(charges);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Validate(options);
        _client = client;
        _ownsClient = ownsClient;
        Options = options;
        Charges = charges;
        TimeProvider = timeProvider;
        var executor = new CosmosRequestExecutor(CosmosResilience.Build(options, charges, timeProvider), charges);
        Resources = new CosmosDocumentContainer(client.GetContainer(options.DatabaseName, options.ResourcesContainerName), executor);
        System = new CosmosDocumentContainer(client.GetContainer(options.DatabaseName, options.SystemContainerName), executor);
    }

    public CosmosStoreOptions Options { get; }

    public CosmosRequestCharges Charges { get; }

    public TimeProvider TimeProvider { get; }

    internal CosmosDocumentContainer Resources { get; }

    internal CosmosDocumentContainer System { get; }

    /// <summary>
    /// Creates the database and containers if allowed and missing. Optional: every operation does it on
    /// first use; the start-up service calls it to fail fast on a wrong endpoint or key.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initializeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            if (Options.CreateIfNotExists)
            {
                var database = (await _client.CreateDatabaseIfNotExistsAsync(
                    Options.DatabaseName, Options.DatabaseThroughput, cancellationToken: cancellationToken).ConfigureAwait(false)).Database;
                await database.CreateContainerIfNotExistsAsync(
                    CosmosSchema.ResourcesContainer(Options.ResourcesContainerName), cancellationToken: cancellationToken).ConfigureAwait(false);
                await database.CreateContainerIfNotExistsAsync(
                    CosmosSchema.SystemContainer(Options.SystemContainerName), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Fail now, with the container's name, rather than on the first write.
                await Resources.Container.ReadContainerAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                await System.Container.ReadContainerAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            _initialized = true;
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    /// <summary>Deletes the database with everything in it (tests and tooling only).</summary>
    public async Task DeleteDatabaseAsync(CancellationToken cancellationToken)
    {
        using var response = await _client.GetDatabase(Options.DatabaseName).DeleteStreamAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        _initialized = false;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }

        _initializeLock.Dispose();
    }

    /// <summary>The SDK options this store needs; hosts and tests adjust the rest through <paramref name="configureClient"/>.</summary>
    public static CosmosClientOptions CreateClientOptions(CosmosStoreOptions options, Action<CosmosClientOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "FhirChainGateway",
            ConnectionMode = options.ConnectionMode,
            LimitToEndpoint = options.LimitToEndpoint,
            RequestTimeout = options.RequestTimeout,

            // Our Polly pipeline is the one retry loop for throttling, so it can bound and record it.
            MaxRetryAttemptsOnRateLimitedRequests = 0,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.Zero,
            EnableContentResponseOnWrite = false,
        };
        if (options.MayAcceptAnyServerCertificate())
        {
            // The emulator's or local test server's self-signed certificate (see the option: loopback only).
            clientOptions.ServerCertificateCustomValidationCallback = (_, _, _) => true;
        }

        configureClient?.Invoke(clientOptions);
        return clientOptions;
    }

    private static CosmosClient CreateClient(CosmosStoreOptions options, Action<CosmosClientOptions>? configureClient)
    {
        Validate(options);
        var clientOptions = CreateClientOptions(options, configureClient);
        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new CosmosClient(options.AccountEndpoint, options.AccountKey, clientOptions)
            : new CosmosClient(options.ConnectionString, clientOptions);
    }

    private static void Validate(CosmosStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new CosmosStoreOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(CosmosStoreOptions), typeof(CosmosStoreOptions), result.Failures);
        }
    }
}
