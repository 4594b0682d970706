using FhirChainGateway.Storage.Outbox;

namespace FhirChainGateway.Storage.Resources;

/// <summary>
/// Everything one FHIR interaction writes: resource versions (including the Provenance) and the
/// outbox messages that announce them. A store commits a batch atomically or not at all.
/// </summary>
public sealed record WriteBatch(IReadOnlyList<ResourceWrite> Resources, IReadOnlyList<OutboxMessage> Outbox);
