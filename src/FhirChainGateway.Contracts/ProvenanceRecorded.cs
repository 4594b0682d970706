namespace FhirChainGateway.Contracts;

/// <summary>
/// Published once per FHIR interaction after its Provenance is committed; the ledger writer appends
/// <see cref="LeafData"/> as one leaf. Carries ids and hashes only, never resource bodies.
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

    /// <summary>Logical id of the Provenance resource.</summary>
    public required string ProvenanceId { get; init; }

    public required long ProvenanceVersionId { get; init; }

    public required DateTimeOffset Recorded { get; init; }

    /// <summary>Leaf kind as the ledger names it (<c>Provenance</c> or <c>Consent</c>).</summary>
    public required string LeafKind { get; init; }

    /// <summary>The exact bytes the ledger hashes into the leaf (RFC 9162 leaf hash = SHA-256(0x00 ‖ LeafData)).</summary>
    public required byte[] LeafData { get; init; }

    /// <summary>Events with the same key are ledgered in publication order (patient compartment or resource).</summary>
    public required string OrderingKey { get; init; }

    public IReadOnlyList<RecordedTarget> Targets { get; init; } = [];
}

/// <summary>A resource version the interaction wrote, with the SHA-256 (hex) of its canonical JSON.</summary>
public sealed record RecordedTarget(string ResourceType, string Id, long VersionId, string Sha256);
