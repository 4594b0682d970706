namespace FhirChainGateway.Storage.Cosmos.Transactions;

/// <summary>Points of the commit protocol, for the test seam that simulates a process stopping there.</summary>
internal enum CommitStage
{
    /// <summary>Every head is locked; nothing is staged yet.</summary>
    Locked,

    /// <summary>Every document is staged; the record is still pending.</summary>
    Staged,

    /// <summary>The record says committed; nothing is published yet.</summary>
    Committed,
}
