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
    ReadOnlyMemory<byte> Json);
