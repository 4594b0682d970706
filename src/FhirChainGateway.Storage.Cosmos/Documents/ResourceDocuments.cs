using System.Text.Json.Serialization;

namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>
/// Where a resource's committed (or about-to-be-committed) state lives. Versions from
/// <see cref="HistorySegment.FromVersion"/> on are stored in <see cref="HistorySegment.PartitionKey"/>
/// until the next segment; a resource gets a second segment only when its compartment changes.
/// </summary>
internal sealed class ResourceState
{
    /// <summary>0 for a head created by a batch that has not committed yet: the resource does not exist.</summary>
    [JsonPropertyName("ver")]
    public long Version { get; set; }

    [JsonPropertyName("upd")]
    public string? LastUpdated { get; set; }

    [JsonPropertyName("del")]
    public bool Deleted { get; set; }

    /// <summary>Partition of the current version (its compartment, else the resource's own key).</summary>
    [JsonPropertyName("dpk")]
    public string? DataPartition { get; set; }

    [JsonPropertyName("segs")]
    public List<HistorySegment> Segments { get; set; } = [];

    public ResourceState Clone() => new()
    {
        Version = Version,
        LastUpdated = LastUpdated,
        Deleted = Deleted,
        DataPartition = DataPartition,
        Segments = [.. Segments.Select(s => new HistorySegment { PartitionKey = s.PartitionKey, FromVersion = s.FromVersion })],
    };

    /// <summary>The partition that holds <paramref name="version"/>, or null when it is outside the segments.</summary>
    public string? PartitionOf(long version)
    {
        string? partition = null;
        foreach (var segment in Segments)
        {
            if (segment.FromVersion > version)
            {
                break;
            }

            partition = segment.PartitionKey;
        }

        return partition;
    }
}

internal sealed class HistorySegment
{
    [JsonPropertyName("pk")]
    public string PartitionKey { get; set; } = string.Empty;

    [JsonPropertyName("from")]
    public long FromVersion { get; set; }
}

/// <summary>A batch's claim on a resource: the state it will have once transaction <see cref="TransactionId"/> commits.</summary>
internal sealed class HeadLock
{
    [JsonPropertyName("tx")]
    public string TransactionId { get; set; } = string.Empty;

    [JsonPropertyName("next")]
    public ResourceState Next { get; set; } = new();
}

/// <summary>
/// One per resource, in the resource's own partition (<c>Type/id</c>), so a read by type and id always
/// knows where to look. It is the concurrency anchor: every batch that writes the resource replaces
/// it with If-Match, first to lock it and then to publish the new state.
/// </summary>
internal sealed class HeadDocument : CosmosDocument
{
    [JsonPropertyName("t")]
    public string ResourceType { get; set; } = string.Empty;

    [JsonPropertyName("rid")]
    public string ResourceId { get; set; } = string.Empty;

    [JsonPropertyName("cur")]
    public ResourceState Committed { get; set; } = new();

    [JsonPropertyName("lock")]
    public HeadLock? Lock { get; set; }
}

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
}

/// <summary>A slice of a large body, stored next to its version document.</summary>
internal sealed class ChunkDocument : CosmosDocument
{
    [JsonPropertyName("tx")]
    public string TransactionId { get; set; } = string.Empty;

    [JsonPropertyName("data")]
    public byte[] Data { get; set; } = [];
}

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

    [JsonPropertyName("tk")]
    public List<string> TokensWithSystem { get; set; } = [];

    [JsonPropertyName("tc")]
    public List<string> TokenCodes { get; set; } = [];

    [JsonPropertyName("sv")]
    public List<string> Values { get; set; } = [];
}
