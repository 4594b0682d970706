using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tiles;

namespace FhirChainGateway.Ledger.Log;

/// <summary>
/// A verifiable append-only log over <see cref="ILogStorage"/>, in tessera's three stages: sequence
/// (durable index assignment, idempotent by event id), integrate (fold into the Merkle tree and tiles)
/// and publish (sign a checkpoint). Reads and proofs come from <see cref="LogReader"/>. Thread-safe;
/// use one instance per storage in a process.
/// </summary>
public sealed class TransparencyLog : IDisposable
{
    private readonly LogSequencer _sequencer;
    private readonly LogIntegrator _integrator;
    private readonly CheckpointPublisher _publisher;

    public TransparencyLog(ILogStorage storage, TransparencyLogOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Reader = new LogReader(storage, new TileCache(options.TileCacheCapacity));
        _sequencer = new LogSequencer(storage);
        _integrator = new LogIntegrator(storage, options.MaxLeavesPerIntegration);
        _publisher = new CheckpointPublisher(storage, Reader, options.Origin, options.Signers, timeProvider);
        Origin = options.Origin;
    }

    /// <summary>The checkpoint origin line.</summary>
    public string Origin { get; }

    public LogReader Reader { get; }

    /// <inheritdoc cref="LogSequencer.SequenceAsync"/>
    public Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<LogEntry> entries, CancellationToken cancellationToken) =>
        _sequencer.SequenceAsync(entries, cancellationToken);

    /// <inheritdoc cref="LogIntegrator.IntegrateAsync"/>
    public Task<TreeHead> IntegrateAsync(CancellationToken cancellationToken) => _integrator.IntegrateAsync(cancellationToken);

    /// <inheritdoc cref="CheckpointPublisher.PublishAsync"/>
    public Task<StoredCheckpoint> PublishCheckpointAsync(CancellationToken cancellationToken) => _publisher.PublishAsync(cancellationToken);

    public Task<StoredCheckpoint?> GetCheckpointAsync(CancellationToken cancellationToken) => Reader.GetCheckpointAsync(cancellationToken);

    public Task<TreeHead> GetTreeHeadAsync(CancellationToken cancellationToken) => Reader.GetTreeHeadAsync(cancellationToken);

    public Task<InclusionProof> GetInclusionProofAsync(ulong leafIndex, ulong treeSize, CancellationToken cancellationToken) =>
        Reader.GetInclusionProofAsync(leafIndex, treeSize, cancellationToken);

    public Task<InclusionProof?> GetInclusionProofByLeafHashAsync(ReadOnlyMemory<byte> leafHash, ulong treeSize, CancellationToken cancellationToken) =>
        Reader.GetInclusionProofByLeafHashAsync(leafHash, treeSize, cancellationToken);

    public Task<ConsistencyProof> GetConsistencyProofAsync(ulong fromSize, ulong toSize, CancellationToken cancellationToken) =>
        Reader.GetConsistencyProofAsync(fromSize, toSize, cancellationToken);

    public Task<IReadOnlyList<LogEntryRecord>> GetEntriesAsync(ulong start, int count, CancellationToken cancellationToken) =>
        Reader.GetEntriesAsync(start, count, cancellationToken);

    /// <inheritdoc cref="LogReader.GetEntryByEventIdAsync"/>
    public Task<LogEntryRecord?> GetEntryByEventIdAsync(Guid eventId, CancellationToken cancellationToken) =>
        Reader.GetEntryByEventIdAsync(eventId, cancellationToken);

    public void Dispose()
    {
        _integrator.Dispose();
        _publisher.Dispose();
    }
}
