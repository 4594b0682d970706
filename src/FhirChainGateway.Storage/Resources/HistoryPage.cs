namespace FhirChainGateway.Storage.Resources;

public sealed record HistoryPage(IReadOnlyList<ResourceVersion> Versions, string? ContinuationToken);
