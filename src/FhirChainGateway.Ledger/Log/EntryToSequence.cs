namespace FhirChainGateway.Ledger.Log;

/// <summary>A <see cref="LogEntry"/> with its leaf hash computed, as handed to <see cref="ILogStorage"/>.</summary>
public sealed record EntryToSequence(Guid EventId, string Kind, ReadOnlyMemory<byte> Data, byte[] LeafHash);
