using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Storage.Resources;

namespace FhirChainGateway.Server.Interactions;

/// <summary>
/// A resource version an interaction is about to write: the planner decides id, version and the
/// concurrency expectation; the <see cref="WritePipeline"/> stamps, serializes, hashes and commits it.
/// </summary>
public sealed record PendingWrite(
    WriteKind Kind,
    string ResourceType,
    string Id,
    long VersionId,
    long? ExpectedCurrentVersion,
    ElementNode? Resource);

/// <summary>A version as committed, with its salted commitment (hex; empty for deletions) and salt.</summary>
public sealed record CommittedWrite(
    WriteKind Kind,
    string ResourceType,
    string Id,
    long VersionId,
    DateTimeOffset LastUpdated,
    ReadOnlyMemory<byte> Json,
    string Commitment,
    byte[]? Salt,
    string? CompartmentKey = null)
{
    public string VersionedReference => $"{ResourceType}/{Id}/_history/{VersionId}";
}

/// <summary>What one committed interaction wrote, and the Provenance that records it (its id is also the event id).</summary>
public sealed record CommitResult(IReadOnlyList<CommittedWrite> Writes, string ProvenanceId);
