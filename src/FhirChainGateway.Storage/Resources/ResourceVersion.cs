namespace FhirChainGateway.Storage.Resources;

/// <summary>
/// One stored version of a resource. <see cref="Json"/> is the resource as stored (UTF-8 FHIR JSON with
/// id and meta set); for a deletion marker it is empty and <see cref="IsDeleted"/> is true.
/// </summary>
public sealed record ResourceVersion(
    string ResourceType,
    string Id,
    long VersionId,
    DateTimeOffset LastUpdated,
    bool IsDeleted,
    ReadOnlyMemory<byte> Json)
{
    /// <summary>
    /// The 128-bit salt of the version's ledger commitment <c>SHA-256(salt ‖ canonical JSON)</c>; null for
    /// deletion markers, erased versions, and versions written before salts existed.
    /// </summary>
    public byte[]? Salt { get; init; }

    /// <summary>When content and salt were erased (GDPR Art. 17); the version's row and its ledger leaf remain.</summary>
    public DateTimeOffset? ErasedAt { get; init; }

    public bool IsErased => ErasedAt is not null;
}
