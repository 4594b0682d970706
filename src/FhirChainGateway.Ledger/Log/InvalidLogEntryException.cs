namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// An entry that can never be sequenced as given (no event id or kind, or a Consent entry whose leaf is not a
/// chainable envelope). Retrying cannot help: a message carrying it belongs in an error queue.
/// </summary>
public sealed class InvalidLogEntryException : ArgumentException
{
    public InvalidLogEntryException(Guid eventId, string message)
        : base(message)
    {
        EventId = eventId;
    }

    public Guid EventId { get; }
}
