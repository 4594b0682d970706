namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// The integrated tree changed underneath an integration (another writer integrated first). The
/// integration wrote nothing; retrying from the new state is safe.
/// </summary>
public sealed class LogStorageConflictException : Exception
{
    public LogStorageConflictException(string message)
        : base(message)
    {
    }
}
