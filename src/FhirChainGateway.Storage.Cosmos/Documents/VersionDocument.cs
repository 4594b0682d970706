using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>
/// One stored version (history), in the partition the resource belonged to at that version. Written
/// before the commit point; visible only once the head says the version is committed. It keeps the
/// index and compartment (not indexed) so that recovery can rebuild the current document from it.
/// </summary>
internal sealed class VersionDocument : CosmosDocument
{
    [JsonPropertyName("t")]
    public string ResourceType { get; set; } = string.Empty;

    [JsonPropertyName("rid")]
    public string ResourceId { get; set; } = string.Empty;

    [JsonPropertyName("ver")]
    public long Version { get; set; }

    [JsonPropertyName("upd")]
    public string LastUpdated { get; set; } = string.Empty;

    [JsonPropertyName("del")]
    public bool Deleted { get; set; }

    /// <summary>The transaction that wrote it, so a rollback deletes only its own documents.</summary>
    [JsonPropertyName("tx")]
    public string TransactionId { get; set; } = string.Empty;

    /// <summary>The resource JSON as a string (exact bytes, decimals untouched); null when chunked or deleted.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; set; }

    /// <summary>Number of chunk documents holding the body when it is larger than the inline limit.</summary>
    [JsonPropertyName("chunks")]
    public int? Chunks { get; set; }

    [JsonPropertyName("comp")]
    public string? Compartment { get; set; }

    [JsonPropertyName("ix")]
    public IndexFields? Index { get; set; }

    /// <summary>The salt of the version's ledger commitment; removed by erasure.</summary>
    [JsonPropertyName("salt")]
    public byte[]? Salt { get; set; }

    /// <summary>When erasure removed this version's body, salt and index (the document itself stays for history).</summary>
    [JsonPropertyName("erased")]
    public string? ErasedAt { get; set; }
}
