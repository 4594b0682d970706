namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>The life of an outbox message document.</summary>
internal static class OutboxStates
{
    /// <summary>Written by a batch that has not committed (or never will): invisible to the relay.</summary>
    public const string Staged = "staged";

    public const string Pending = "pending";

    public const string Sent = "sent";
}
