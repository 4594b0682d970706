using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>Index values of one version, pre-combined into the strings the search queries compare.</summary>
internal sealed class IndexFields
{
    [JsonPropertyName("tk")]
    public List<string> TokensWithSystem { get; set; } = [];

    [JsonPropertyName("tc")]
    public List<string> TokenCodes { get; set; } = [];

    [JsonPropertyName("sv")]
    public List<string> Values { get; set; } = [];
}
