namespace FhirChainGateway.Server.Hosting;

/// <summary>Where resources, history, the search index and the outbox live.</summary>
public enum StorageBackend
{
    /// <summary>One SQLite file in the data directory: the embedded default.</summary>
    Sqlite,

    /// <summary>Azure Cosmos DB, partitioned by patient compartment (production).</summary>
    Cosmos,
}
