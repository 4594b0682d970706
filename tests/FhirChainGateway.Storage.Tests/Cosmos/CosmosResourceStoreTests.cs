using FhirChainGateway.Storage.Cosmos;
using FhirChainGateway.Storage.Outbox;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>The shared contract on Cosmos DB (the local test server, or the account in FHIRCHAIN_COSMOS_TEST_CONNECTION).</summary>
[CosmosTest]
[Collection(CosmosCollection.Name)]
public sealed class CosmosResourceStoreTests(CosmosTestServer server) : ResourceStoreContractTests
{
    private readonly CosmosRequestCharges _charges = new();
    private CosmosStoreDatabase? _database;

    protected override async Task<(IResourceStore Store, IOutboxStore Outbox)> CreateStoresAsync(TimeProvider clock)
    {
        _database = new CosmosStoreDatabase(server.Client, server.NewDatabase(), _charges, TimeProvider.System);
        await _database.InitializeAsync(CancellationToken.None);
        return (new CosmosResourceStore(_database), new CosmosOutboxStore(_database, clock));
    }

    protected override async Task DisposeStoresAsync()
    {
        if (_database is not null)
        {
            await _database.DeleteDatabaseAsync(CancellationToken.None);
            await _database.DisposeAsync();
        }

        _charges.Dispose();
    }
}
