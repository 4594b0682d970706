using System.Buffers.Binary;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Hashing;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Ledger.Proofs;
using FhirChainGateway.Ledger.Tiles;
using FhirChainGateway.Storage.Sqlite.Ledger;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Benchmarks;

/// <summary>
/// Inclusion proofs at 10,000,000 leaves from the SQLite ledger, for random leaves, each served the way the
/// API serves it: tiles from the LRU cache (default 1024 tiles) or one storage read, then assembled. The
/// random leaf's bottom tile is almost never cached (39,063 of them), so this is the cold-ish path.
/// Run: <c>make bench BENCH_ARGS="--filter *LedgerInclusionProofBenchmark*"</c>.
/// </summary>
/// <remarks>
/// Setup builds the 10M-leaf tree once per run in a temp file, through the real <see cref="LogIntegrator"/>
/// into the real <see cref="SqliteLogStorage"/> tiles and tree state. Only the leaves are synthetic: the
/// integrator reads deterministic leaf hashes from <see cref="SyntheticLeaves"/> instead of 10M stored
/// entries, which proofs never read anyway, and which would triple the setup time.
/// </remarks>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MedianColumn, MaxColumn]
public class LedgerInclusionProofBenchmark
{
    public const ulong TreeSize = 10_000_000;

    private TempDirectory? _directory;
    private SqliteLogStorage? _storage;
    private CheckpointSigner? _signer;
    private TransparencyLog? _log;
    private ulong[] _indexes = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = new TempDirectory();
        _storage = SqliteLogStorage.Open(new SqliteLogStorageOptions { DatabasePath = _directory.File("ledger.db") });
        var clock = Stopwatch.StartNew();
        using (var integrator = new LogIntegrator(new SyntheticLeaves(_storage, TreeSize)))
        {
            var head = integrator.IntegrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (head.TreeSize != TreeSize)
            {
                throw new InvalidOperationException($"Integrated {head.TreeSize} leaves, not {TreeSize}.");
            }
        }

        Console.WriteLine($"// built a {TreeSize:N0}-leaf tree in {clock.Elapsed.TotalSeconds:F1} s ({new FileInfo(_directory.File("ledger.db")).Length / (1 << 20):N0} MiB)");
        _signer = CheckpointSigner.Generate("bench.local/ledger");
        _log = new TransparencyLog(_storage, new TransparencyLogOptions { Origin = "bench.local/ledger", Signers = [_signer] }, TimeProvider.System);

        // Check once, outside the timing, that what is measured is a correct proof.
        var root = _log.GetTreeHeadAsync(CancellationToken.None).GetAwaiter().GetResult().RootHash;
        var sample = _log.GetInclusionProofAsync(1_234_567, TreeSize, CancellationToken.None).GetAwaiter().GetResult();
        if (!ProofVerifier.VerifyInclusion(sample, SyntheticLeaves.LeafHash(1_234_567), root).IsValid)
        {
            throw new InvalidOperationException("The sample inclusion proof does not verify.");
        }

        var random = new Random(11);
        _indexes = [.. Enumerable.Range(0, 1 << 16).Select(_ => (ulong)random.NextInt64((long)TreeSize))];
    }

    [Benchmark]
    public Task<InclusionProof> InclusionProofAt10M() =>
        _log!.GetInclusionProofAsync(_indexes[_next++ & (_indexes.Length - 1)], TreeSize, CancellationToken.None);

    [GlobalCleanup]
    public void Cleanup()
    {
        _log?.Dispose();
        _storage?.Dispose();
        _signer?.Dispose();
        _directory?.Dispose();
    }

    /// <summary>
    /// The real storage, except that sequenced size and leaf hashes are synthetic: leaf i is the RFC 9162 leaf
    /// hash of i as 8 little-endian bytes. Everything the integrator writes goes to the real storage.
    /// </summary>
    private sealed class SyntheticLeaves(ILogStorage inner, ulong size) : ILogStorage
    {
        public static byte[] LeafHash(ulong index)
        {
            Span<byte> data = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(data, index);
            return Rfc6962Hasher.HashLeaf(data);
        }

        public Task<ulong> ReadSequencedSizeAsync(CancellationToken cancellationToken) => Task.FromResult(size);

        public Task<byte[]> ReadLeafHashesAsync(ulong start, int count, CancellationToken cancellationToken)
        {
            var available = (int)Math.Min((ulong)count, size - Math.Min(start, size));
            var hashes = new byte[available * Rfc6962Hasher.HashSize];
            Span<byte> data = stackalloc byte[8];
            for (var i = 0; i < available; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(data, start + (ulong)i);
                Rfc6962Hasher.HashLeaf(data, hashes.AsSpan(i * Rfc6962Hasher.HashSize, Rfc6962Hasher.HashSize));
            }

            return Task.FromResult(hashes);
        }

        public Task<TreeState> ReadTreeStateAsync(CancellationToken cancellationToken) => inner.ReadTreeStateAsync(cancellationToken);

        public Task<IReadOnlyList<TileData>> ReadTilesAsync(IReadOnlyCollection<TileId> tiles, CancellationToken cancellationToken) =>
            inner.ReadTilesAsync(tiles, cancellationToken);

        public Task CommitIntegrationAsync(ulong expectedSize, TreeState newState, IReadOnlyList<TileData> tiles, CancellationToken cancellationToken) =>
            inner.CommitIntegrationAsync(expectedSize, newState, tiles, cancellationToken);

        public Task<IReadOnlyList<SequencedEntry>> SequenceAsync(IReadOnlyList<EntryToSequence> entries, CancellationToken cancellationToken) =>
            throw new NotSupportedException("Synthetic leaves are never sequenced.");

        public Task<LogEntryRecord?> FindEntryByEventIdAsync(Guid eventId, CancellationToken cancellationToken) => inner.FindEntryByEventIdAsync(eventId, cancellationToken);

        public Task<ulong?> ReadChainHeadAsync(string chainKey, CancellationToken cancellationToken) => inner.ReadChainHeadAsync(chainKey, cancellationToken);

        public Task<IReadOnlyList<LogEntryRecord>> ReadEntriesAsync(ulong start, int count, CancellationToken cancellationToken) => inner.ReadEntriesAsync(start, count, cancellationToken);

        public Task<ulong?> FindLeafIndexAsync(ReadOnlyMemory<byte> leafHash, CancellationToken cancellationToken) => inner.FindLeafIndexAsync(leafHash, cancellationToken);

        public Task<bool> StoreCheckpointAsync(StoredCheckpoint checkpoint, CancellationToken cancellationToken) => inner.StoreCheckpointAsync(checkpoint, cancellationToken);

        public Task<StoredCheckpoint?> ReadLatestCheckpointAsync(CancellationToken cancellationToken) => inner.ReadLatestCheckpointAsync(cancellationToken);

        public Task<IReadOnlyList<StoredCheckpoint>> ReadCheckpointHistoryAsync(ulong? beforeTreeSize, int max, CancellationToken cancellationToken) =>
            inner.ReadCheckpointHistoryAsync(beforeTreeSize, max, cancellationToken);

        public Task<IReadOnlyList<CheckpointKeyRecord>> ReadKeyHistoryAsync(CancellationToken cancellationToken) => inner.ReadKeyHistoryAsync(cancellationToken);

        public Task ReplaceKeyHistoryAsync(IReadOnlyList<CheckpointKeyRecord> history, CancellationToken cancellationToken) => inner.ReplaceKeyHistoryAsync(history, cancellationToken);
    }
}
