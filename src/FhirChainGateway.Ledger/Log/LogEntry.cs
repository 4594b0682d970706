namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// An entry to append: <paramref name="Data"/> becomes the leaf (leaf hash = SHA-256(0x00 ‖ Data)).
/// <paramref name="EventId"/> is the idempotency key: an event already in the log is never appended twice.
/// <paramref name="Kind"/> says what the leaf records (for example <c>Provenance</c> or <c>Consent</c>).
/// </summary>
public sealed record LogEntry(Guid EventId, string Kind, ReadOnlyMemory<byte> Data);
