using FhirChainGateway.Storage.Cosmos;
using FhirChainGateway.TestSupport;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>
/// The Cosmos endpoint of this test run, started once per run (xunit collection fixture). With
/// FHIRCHAIN_COSMOS_TEST_CONNECTION set (a connection string of a real account or the official
/// emulator) the tests use that account. Otherwise it runs tests/cosmos-test-server (the in-memory
/// @vercel/cosmosdb-server behind our compatibility layer) with node on 127.0.0.1 and a free port,
/// installing it with <c>npm ci</c> first if needed. Each test class instance gets its own database.
/// </summary>
public sealed class CosmosTestServer : IAsyncLifetime
{
    public const string ConnectionVariable = CosmosTestServerProcess.ConnectionVariable;

    private const string EmulatorKey = CosmosTestServerProcess.EmulatorKey;

    private CosmosTestServerProcess? _server;

    /// <summary>Why the tests cannot run here (null when they can).</summary>
    public static string? UnavailableReason => CosmosTestServerProcess.UnavailableReason;

    public CosmosClient Client { get; private set; } = null!;

    /// <summary>Options pointing at this run's account; callers set the database name.</summary>
    public CosmosStoreOptions Options { get; private set; } = null!;

    public bool IsLocalServer => _server is not null;

    public async Task InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        // The SDK otherwise probes the Azure instance metadata endpoint, which does not exist here.
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(connection))
        {
            Options = new CosmosStoreOptions { ConnectionString = connection, ConnectionMode = ConnectionMode.Gateway };
            Client = new CosmosClient(connection, CosmosStoreDatabase.CreateClientOptions(Options, AcceptEmulatorCertificate(connection)));
            return;
        }

        var endpoint = (_server = await CosmosTestServerProcess.StartAsync().ConfigureAwait(false)).Endpoint;
        Options = new CosmosStoreOptions
        {
            AccountEndpoint = endpoint,
            AccountKey = EmulatorKey,
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,

            // The in-memory server answers in microseconds; a stuck request should fail the test quickly.
            RequestTimeout = TimeSpan.FromSeconds(10),
            OperationTimeout = TimeSpan.FromSeconds(30),
        };

        // Its certificate is self-signed: accepted here, in tests only.
        Client = new CosmosClient(endpoint, EmulatorKey, CosmosStoreDatabase.CreateClientOptions(
            Options, client => client.ServerCertificateCustomValidationCallback = (_, _, _) => true));
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        _server?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Fresh options for one store in its own database, so tests never see each other's data.</summary>
    public CosmosStoreOptions NewDatabase(Action<CosmosStoreOptions>? configure = null)
    {
        var options = new CosmosStoreOptions
        {
            ConnectionString = Options.ConnectionString,
            AccountEndpoint = Options.AccountEndpoint,
            AccountKey = Options.AccountKey,
            ConnectionMode = Options.ConnectionMode,
            LimitToEndpoint = Options.LimitToEndpoint,
            RequestTimeout = Options.RequestTimeout,
            OperationTimeout = Options.OperationTimeout,
            DatabaseName = "fhirchain-test-" + Guid.NewGuid().ToString("N")[..12],
        };
        configure?.Invoke(options);
        return options;
    }

    private static Action<CosmosClientOptions>? AcceptEmulatorCertificate(string connection) =>
        connection.Contains("localhost", StringComparison.OrdinalIgnoreCase) || connection.Contains("127.0.0.1", StringComparison.Ordinal)
            ? client => client.ServerCertificateCustomValidationCallback = (_, _, _) => true
            : null;
}
