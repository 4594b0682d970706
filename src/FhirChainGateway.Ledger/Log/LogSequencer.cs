using FhirChainGateway.Ledger.Envelopes;
using FhirChainGateway.Ledger.Hashing;

namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// First stage of the log: gives entries their permanent index. Once <see cref="SequenceAsync"/> returns
/// the entries are durable and will be in every later tree, so the caller may acknowledge its message.
/// </summary>
/// <remarks>
/// Consent entries form one chain per patient: each Consent leaf is stored as its envelope with
/// <see cref="LeafEnvelope.PreviousConsentLeaf"/> set to the index of the patient's previous Consent leaf,
/// decided inside the storage transaction that assigns its own index (see <see cref="EntryToSequence.Chained"/>).
/// A Consent entry must therefore arrive as a canonical <see cref="LeafEnvelope"/> of kind Consent, for the
/// same event id, with a patient pseudonym and no previous link; anything else is an
/// <see cref="InvalidLogEntryException"/>. A Consent without a patient is refused rather than given a chain
/// of its own: the gateway always sends a pseudonym, so a missing one is a bug that should surface, and a
/// one-link "chain" would silently prove nothing about the patient's consent history.
/// </remarks>
public sealed class LogSequencer
{
    private readonly ILogStorage _storage;

    public LogSequencer(ILogStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
    }

    /// <summary>Sequences a batch atomically; results are in input order, redelivered events keep their first index.</summary>
    /// <exception cref="InvalidLogEntryException">An entry can never be sequenced; nothing of the batch was written.</exception>
    public Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<SequencedEntry>>([]);
        }

        var prepared = new EntryToSequence[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            prepared[i] = Prepare(entries[i] ?? throw new ArgumentException("Entries cannot be null.", nameof(entries)));
        }

        return _storage.SequenceAsync(prepared, cancellationToken);
    }

    /// <summary>
    /// Checks one entry and computes what storage needs. Callers that batch entries from independent
    /// messages call this per message first, so one bad message is refused alone instead of failing its batch.
    /// </summary>
    /// <exception cref="InvalidLogEntryException">The entry can never be sequenced.</exception>
    public static EntryToSequence Prepare(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.EventId == Guid.Empty)
        {
            throw new InvalidLogEntryException(entry.EventId, "Every entry needs a non-empty event id (the idempotency key).");
        }

        if (string.IsNullOrWhiteSpace(entry.Kind))
        {
            throw new InvalidLogEntryException(entry.EventId, $"Entry {entry.EventId} has no kind.");
        }

        return entry.Kind == LeafEnvelope.ConsentKind
            ? PrepareConsent(entry)
            : new EntryToSequence(entry.EventId, entry.Kind, entry.Data, Rfc6962Hasher.HashLeaf(entry.Data.Span));
    }

    private static EntryToSequence PrepareConsent(LogEntry entry)
    {
        LeafEnvelope envelope;
        try
        {
            envelope = LeafEnvelope.Parse(entry.Data.Span);
        }
        catch (FormatException failure)
        {
            throw new InvalidLogEntryException(entry.EventId, $"Consent entry {entry.EventId}: {failure.Message}");
        }

        var problem = envelope switch
        {
            { Kind: not LeafEnvelope.ConsentKind } => $"its envelope is of kind {envelope.Kind}",
            { Patient: null } => "its envelope names no patient, so it belongs to no consent chain",
            { PreviousConsentLeaf: not null } => "its envelope already names a previous consent leaf; the log sets that link",
            _ when envelope.EventId != entry.EventId => $"its envelope names event {envelope.EventId}",
            _ => null,
        };
        if (problem is not null)
        {
            throw new InvalidLogEntryException(entry.EventId, $"Consent entry {entry.EventId} cannot be chained: {problem}.");
        }

        return EntryToSequence.Chained(
            entry.EventId,
            entry.Kind,
            envelope.Patient!,
            previous => previous is null ? entry.Data.ToArray() : envelope.AfterConsentLeaf(previous).ToBytes());
    }
}
