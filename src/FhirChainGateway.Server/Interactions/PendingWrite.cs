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

/// <summary>A version as committed, with the SHA-256 (hex) of its canonical JSON (empty for deletions).</summary>
public sealed record CommittedWrite(
    WriteKind Kind,
    string ResourceType,
    string Id,
    long VersionId,
    DateTimeOffset LastUpdated,
    ReadOnlyMemory<byte> Json,
    string Sha256)
{
    public string VersionedReference => $"{ResourceType}/{Id}/_history/{VersionId}";
}

/// <summary>What one committed interaction wrote, and the Provenance and event that record it.</summary>
public sealed record CommitResult(IReadOnlyList<CommittedWrite> Writes, string ProvenanceId, Guid EventId);
