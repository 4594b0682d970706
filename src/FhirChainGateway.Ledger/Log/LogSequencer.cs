using FhirChainGateway.Ledger.Hashing;

namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// First stage of the log: gives entries their permanent index. Once <see cref="SequenceAsync"/> returns
/// the entries are durable and will be in every later tree, so the caller may acknowledge its message.
/// </summary>
public sealed class LogSequencer
{
    private readonly ILogStorage _storage;

    public LogSequencer(ILogStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _storage = storage;
    }

    /// <summary>Sequences a batch atomically; results are in input order, redelivered events keep their first index.</summary>
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
            var entry = entries[i] ?? throw new ArgumentException("Entries cannot be null.", nameof(entries));
            if (string.IsNullOrWhiteSpace(entry.Kind))
            {
                throw new ArgumentException("Every entry needs a kind.", nameof(entries));
            }

            if (entry.EventId == Guid.Empty)
            {
                throw new ArgumentException("Every entry needs a non-empty event id (the idempotency key).", nameof(entries));
            }

            prepared[i] = new EntryToSequence(entry.EventId, entry.Kind, entry.Data, Rfc6962Hasher.HashLeaf(entry.Data.Span));
        }

        return _storage.SequenceAsync(prepared, cancellationToken);
    }
}
