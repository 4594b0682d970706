namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// Where an event sits in the log. <paramref name="WasAlreadySequenced"/> is true when the event id was
/// sequenced before (a redelivered message): the index is the original one and nothing was appended.
/// </summary>
public sealed record SequencedEntry(Guid EventId, ulong Index, bool WasAlreadySequenced);
