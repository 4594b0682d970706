namespace FhirChainGateway.Storage.Cosmos.Transactions;

/// <summary>What resolving one transaction record did.</summary>
internal enum RecoveryAction
{
    /// <summary>The batch had finished already.</summary>
    None,

    /// <summary>Pending and within its lease: its committer may still be working on it, so it was left alone.</summary>
    InFlight,

    RolledForward,

    RolledBack,
}
