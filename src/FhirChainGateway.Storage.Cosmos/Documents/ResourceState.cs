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

    /// <summary>When the resource was last erased (GDPR Art. 17); versions up to <see cref="ErasedThrough"/> have no content.</summary>
    [JsonPropertyName("erased")]
    public string? ErasedAt { get; set; }

    [JsonPropertyName("erasedThrough")]
    public long ErasedThrough { get; set; }

    /// <summary>The current version is the erased one (not a later re-creation).</summary>
    [JsonIgnore]
    public bool IsErased => ErasedAt is not null && ErasedThrough >= Version;

    public ResourceState Clone() => new()
    {
        Version = Version,
        LastUpdated = LastUpdated,
        Deleted = Deleted,
        DataPartition = DataPartition,
        ErasedAt = ErasedAt,
        ErasedThrough = ErasedThrough,
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
