using System.Globalization;
using FhirChainGateway.TestSupport;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Server.Tests.Cosmos;

/// <summary>
/// The Cosmos endpoint of the gateway's Cosmos tests, started once per run (xunit collection fixture), the
/// same way as the storage tests' fixture (both start the server through TestSupport's
/// CosmosTestServerProcess): FHIRCHAIN_COSMOS_TEST_CONNECTION when set (a real account or the
/// official emulator), otherwise tests/cosmos-test-server (in-memory, <c>node server.js</c>) on 127.0.0.1
/// and a free port. Gateways get it as configuration (<see cref="GatewaySettings"/>), exactly what an
/// operator would set, so an in-process gateway and a gateway process are configured alike; the fixture's own
/// <see cref="Client"/> lets tests look at the stored documents the way an operator's tooling would.
/// </summary>
public sealed class CosmosTestServer : IAsyncLifetime
{
    public const string ConnectionVariable = CosmosTestServerProcess.ConnectionVariable;

    private const string EmulatorKey = CosmosTestServerProcess.EmulatorKey;

    private CosmosTestServerProcess? _server;
    private string? _connectionString;
    private string? _endpoint;

    /// <summary>Why the tests cannot run here (null when they can).</summary>
    public static string? UnavailableReason => CosmosTestServerProcess.UnavailableReason;

    /// <summary>A client of the account, for looking at documents and deleting test databases.</summary>
    public CosmosClient Client { get; private set; } = null!;

    public bool IsLocalServer => _server is not null;

    public async Task InitializeAsync()
    {
        if (UnavailableReason is not null)
        {
            return;
        }

        // The SDK otherwise probes the Azure instance metadata endpoint, which does not exist here; gateway
        // processes started by the tests inherit it.
        Environment.SetEnvironmentVariable("COSMOS_DISABLE_IMDS_ACCESS", "true");
        _connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            _connectionString = null;
            _endpoint = (_server = await CosmosTestServerProcess.StartAsync().ConfigureAwait(false)).Endpoint;
        }

        var clientOptions = new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = IsLoopback };
        if (IsLoopback)
        {
            // Self-signed certificate of the test server or emulator: accepted for loopback only, in tests only.
            clientOptions.ServerCertificateCustomValidationCallback = (_, _, _) => true;
        }

        Client = _connectionString is null
            ? new CosmosClient(_endpoint, EmulatorKey, clientOptions)
            : new CosmosClient(_connectionString, clientOptions);
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        _server?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A database name no other test uses.</summary>
    public static string NewDatabaseName() => "fhirchain-gw-test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// The gateway configuration for the Cosmos backend in <paramref name="databaseName"/>: what an operator
    /// would pass on the command line (<c>--Key value</c>) or in appsettings.json.
    /// </summary>
    public Dictionary<string, string> GatewaySettings(string databaseName)
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage:Backend"] = "Cosmos",
            ["Storage:Cosmos:DatabaseName"] = databaseName,
            ["Storage:Cosmos:ConnectionMode"] = "Gateway",

            // A request stuck on the in-memory server should fail the test quickly rather than after minutes.
            ["Storage:Cosmos:RequestTimeout"] = "00:00:10",
            ["Storage:Cosmos:OperationTimeout"] = "00:00:30",
            ["Storage:Cosmos:TransactionLease"] = "00:00:30",
        };
        if (_connectionString is not null)
        {
            settings["Storage:Cosmos:ConnectionString"] = _connectionString;
        }
        else
        {
            settings["Storage:Cosmos:AccountEndpoint"] = _endpoint!;
            settings["Storage:Cosmos:AccountKey"] = EmulatorKey;
        }

        if (IsLoopback)
        {
            settings["Storage:Cosmos:LimitToEndpoint"] = "true";
            settings["Storage:Cosmos:AcceptAnyServerCertificate"] = "true";
        }

        return settings;
    }

    public async Task DeleteDatabaseAsync(string databaseName)
    {
        using (await Client.GetDatabase(databaseName).DeleteStreamAsync().ConfigureAwait(false))
        {
        }
    }

    /// <summary>Unfinished batches: transaction records still in the system container (the record is deleted last).</summary>
    public async Task<int> CountTransactionRecordsAsync(string databaseName)
    {
        var container = Client.GetContainer(databaseName, "system");
        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.kind = @kind").WithParameter("@kind", "tx");
        var count = 0;
        using var iterator = container.GetItemQueryStreamIterator(query);
        while (iterator.HasMoreResults)
        {
            using var page = await iterator.ReadNextAsync().ConfigureAwait(false);
            if (page.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // The gateway has not created the containers yet.
                return 0;
            }

            page.EnsureSuccessStatusCode();
            using var json = await System.Text.Json.JsonDocument.ParseAsync(page.Content).ConfigureAwait(false);
            count += json.RootElement.GetProperty("Documents").GetArrayLength();
        }

        return count;
    }

    private bool IsLoopback =>
        Uri.TryCreate(_endpoint ?? EndpointOf(_connectionString), UriKind.Absolute, out var uri) && uri.IsLoopback;

    private static string? EndpointOf(string? connectionString)
    {
        if (connectionString is null)
        {
            return null;
        }

        var parts = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return parts.TryGetValue("AccountEndpoint", out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
    }

}

/// <summary>All gateway-on-Cosmos test classes share one test server (started once per run).</summary>
[CollectionDefinition(Name)]
public sealed class CosmosGatewayCollection : ICollectionFixture<CosmosTestServer>
{
    public const string Name = "Gateway on Cosmos DB";
}

/// <summary>
/// A fact that needs a Cosmos endpoint and the Synthea test data: skipped, with the reason, when Node.js (for
/// the local test server) and FHIRCHAIN_COSMOS_TEST_CONNECTION are both unavailable, or the data is absent.
/// </summary>
public sealed class CosmosSyntheaFactAttribute : FactAttribute
{
    public CosmosSyntheaFactAttribute()
    {
        if (CosmosTestServer.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
        else if (!TestData.IsAvailable)
        {
            Skip = TestData.MissingReason;
        }
    }
}
