using Microsoft.Azure.Cosmos;

namespace FhirChainGateway.Storage.Cosmos;

/// <summary>A parameterised query and the one partition it is confined to (null: all partitions).</summary>
public sealed record CosmosSearchQuery(QueryDefinition Definition, string? PartitionKey);
