using FhirChainGateway.Fhir.ElementModel;

namespace FhirChainGateway.Server.Interactions;

/// <summary>
/// One requested write or read: a Bundle entry, or a plain REST interaction expressed as a one-entry
/// request so that both go through the same planner. <paramref name="Location"/> names it in errors
/// (<c>Bundle.entry[3]</c>, or the resource type for plain interactions).
/// </summary>
public sealed record EntryRequest(
    int Index,
    string Location,
    string Method,
    string Url,
    string? FullUrl,
    ElementNode? Resource,
    string? IfNoneExist,
    string? IfMatch);

/// <summary>The result of one entry, as the REST response or the Bundle response entry reports it.</summary>
public sealed record EntryOutcome(
    int Status,
    string? ResourceType,
    string? Id,
    long? VersionId,
    DateTimeOffset? LastUpdated,
    ReadOnlyMemory<byte> Json,
    IReadOnlyList<FhirChainGateway.Fhir.Errors.OperationOutcomeIssue>? Issues = null)
{
    public string? Location => ResourceType is null || Id is null || VersionId is null
        ? null
        : $"{ResourceType}/{Id}/_history/{VersionId}";
}
