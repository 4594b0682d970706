namespace FhirChainGateway.Storage.Tests.Cosmos;

/// <summary>All Cosmos test classes share one test server (started once per test run).</summary>
[CollectionDefinition(Name)]
public sealed class CosmosCollection : ICollectionFixture<CosmosTestServer>
{
    public const string Name = "Cosmos DB";
}
