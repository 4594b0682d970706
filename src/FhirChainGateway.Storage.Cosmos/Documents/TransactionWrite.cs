using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>One resource version a batch writes.</summary>
internal sealed class TransactionWrite
{
    [JsonPropertyName("t")]
    public string ResourceType { get; set; } = string.Empty;

    [JsonPropertyName("rid")]
    public string ResourceId { get; set; } = string.Empty;

    [JsonPropertyName("ver")]
    public long Version { get; set; }

    /// <summary>Partition of the version document (the compartment, else the resource's own key).</summary>
    [JsonPropertyName("pk")]
    public string PartitionKey { get; set; } = string.Empty;

    [JsonPropertyName("chunks")]
    public int Chunks { get; set; }

    /// <summary>Not a new version but the erasure of versions 1..<see cref="Version"/>: nothing is staged for it.</summary>
    [JsonPropertyName("erase")]
    public bool Erase { get; set; }
}
