using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>
/// The current, non-deleted version of a resource as search sees it, in its compartment's partition.
/// Only the fields that queries filter or sort on are indexed (see <see cref="CosmosSchema"/>).
/// </summary>
internal sealed class CurrentDocument : CosmosDocument
{
    [JsonPropertyName("t")]
    public string ResourceType { get; set; } = string.Empty;

    [JsonPropertyName("rid")]
    public string ResourceId { get; set; } = string.Empty;

    /// <summary><c>Type/id</c>: the stable sort and keyset-paging key of search results.</summary>
    [JsonPropertyName("key")]
    public string Key { get; set; } = string.Empty;

    [JsonPropertyName("comp")]
    public string? Compartment { get; set; }

    [JsonPropertyName("ver")]
    public long Version { get; set; }

    [JsonPropertyName("upd")]
    public string LastUpdated { get; set; } = string.Empty;

    [JsonPropertyName("body")]
    public string? Body { get; set; }

    [JsonPropertyName("chunks")]
    public int? Chunks { get; set; }

    [JsonPropertyName("salt")]
    public byte[]? Salt { get; set; }

    [JsonPropertyName("tk")]
    public List<string> TokensWithSystem { get; set; } = [];

    [JsonPropertyName("tc")]
    public List<string> TokenCodes { get; set; } = [];

    [JsonPropertyName("sv")]
    public List<string> Values { get; set; } = [];
}
