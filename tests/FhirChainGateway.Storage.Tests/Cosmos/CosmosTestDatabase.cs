using FhirChainGateway.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>A database of its own for one test, deleted afterwards; several stores may share it (several gateways).</summary>
internal sealed class CosmosTestDatabase : IAsyncDisposable
{
    private readonly List<CosmosStoreDatabase> _databases = [];
    private readonly CosmosTestServer _server;

    public CosmosTestDatabase(CosmosTestServer server, Action<CosmosStoreOptions>? configure = null, CosmosClient? client = null)
    {
        _server = server;
        Options = server.NewDatabase(configure);
        Client = client ?? server.Client;
        Charges = new CosmosRequestCharges();
    }

    public CosmosStoreOptions Options { get; }

    public CosmosClient Client { get; }

    public CosmosRequestCharges Charges { get; }

    /// <summary>A store as one gateway process would have it, with its own clock.</summary>
    public CosmosStoreDatabase Open(TimeProvider? clock = null)
    {
        var database = new CosmosStoreDatabase(Client, Options, Charges, clock ?? TimeProvider.System);
        _databases.Add(database);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        // Deleting through the shared client: a fault-injecting client may be the one that is broken.
        using (await _server.Client.GetDatabase(Options.DatabaseName).DeleteStreamAsync())
        {
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        Charges.Dispose();
    }
}
