using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>A batch's claim on a resource: the state it will have once transaction <see cref="TransactionId"/> commits.</summary>
internal sealed class HeadLock
{
    [JsonPropertyName("tx")]
    public string TransactionId { get; set; } = string.Empty;

    [JsonPropertyName("next")]
    public ResourceState Next { get; set; } = new();
}
