namespace FhirChainGateway.Storage.Cosmos;

/// <summary>What one recovery pass did.</summary>
/// <param name="RolledForward">Committed batches whose publication was finished.</param>
/// <param name="RolledBack">Aborted batches, and pending ones whose lease had expired, that were undone.</param>
/// <param name="InFlight">Pending batches within their lease, left to their committer (or a later pass).</param>
/// <param name="OrphansRemoved">Staged outbox messages whose batch no longer exists, deleted.</param>
public sealed record CosmosRecoveryReport(int RolledForward, int RolledBack, int InFlight, int OrphansRemoved);
