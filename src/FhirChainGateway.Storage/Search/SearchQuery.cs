using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Storage.Search;

/// <summary>A search over current versions of one resource type (null type: all types, e.g. a compartment).</summary>
public sealed record SearchQuery(string? ResourceType, SearchExpression? Where, int Count, string? ContinuationToken);

public sealed record SearchPage(IReadOnlyList<ResourceVersion> Resources, string? ContinuationToken);
