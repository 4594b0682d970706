namespace FhirChainGateway.Contracts;

/// <summary>
/// A leaf the gateway asks the ledger to append, sent after the interaction committed: the Provenance of
/// the interaction (<see cref="LeafKind"/> <c>Provenance</c>), or a Consent version it wrote
/// (<c>Consent</c>). <see cref="LeafData"/> is the canonical leaf envelope (ids, a patient pseudonym and a
/// salted commitment), never a resource body.
/// </summary>
/// <remarks>
/// Version 1. Add optional members only; a breaking change gets a new record type so old and new
/// writers can run side by side during a rollout.
/// </remarks>
public sealed record ProvenanceRecorded
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>Idempotency key: the writer never makes a second leaf for the same event id.</summary>
    public required Guid EventId { get; init; }

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Logical id of the Provenance resource of the interaction.</summary>
    public required string ProvenanceId { get; init; }

    public required long ProvenanceVersionId { get; init; }

    public required DateTimeOffset Recorded { get; init; }

    /// <summary>Leaf kind as the ledger names it (<c>Provenance</c> or <c>Consent</c>).</summary>
    public required string LeafKind { get; init; }

    /// <summary>
    /// The leaf envelope (<c>FhirChainGateway.Ledger.Envelopes.LeafEnvelope</c>); the ledger hashes it into the leaf
    /// (RFC 9162 leaf hash = SHA-256(0x00 ‖ LeafData)). For Consent the writer first links it into the patient's
    /// consent chain.
    /// </summary>
    public required byte[] LeafData { get; init; }

    /// <summary>Events with the same key are ledgered in publication order (patient compartment or resource).</summary>
    public required string OrderingKey { get; init; }

    public IReadOnlyList<RecordedTarget> Targets { get; init; } = [];
}

/// <summary>A resource version the interaction wrote, with its salted commitment (hex; empty for deletions).</summary>
public sealed record RecordedTarget(string ResourceType, string Id, long VersionId, string Commitment);
