using FhirChainGateway.Ledger.Checkpoints;

namespace FhirChainGateway.Ledger.Log;

/// <summary>Settings of a <see cref="TransparencyLog"/>.</summary>
public sealed class TransparencyLogOptions
{
    /// <summary>The checkpoint origin line, e.g. <c>fhirchain.example/ledger</c>.</summary>
    public required string Origin { get; init; }

    /// <summary>Keys that sign checkpoints; list both while rotating. The log does not own or dispose them.</summary>
    public required IReadOnlyList<CheckpointSigner> Signers { get; init; }

    /// <summary>Expanded tiles kept in memory (about 16 KiB each); the upper tiles of a 10M-leaf log fit easily.</summary>
    public int TileCacheCapacity { get; init; } = 1024;

    /// <summary>Leaves folded into the tree per storage commit.</summary>
    public int MaxLeavesPerIntegration { get; init; } = 1 << 16;
}
