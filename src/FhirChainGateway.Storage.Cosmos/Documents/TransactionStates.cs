namespace FhirChainGateway.Storage.Cosmos.Documents;

/// <summary>The states of a transaction record.</summary>
internal static class TransactionStates
{
    public const string Pending = "pending";
    public const string Committed = "committed";
    public const string Aborted = "aborted";
}
