using System.Text.Json;
using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>The body of a query response page; items stay raw until the caller knows their type.</summary>
internal sealed class QueryPage
{
    [JsonPropertyName("Documents")]
    public List<JsonElement> Documents { get; set; } = [];
}
