using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.Storage.Sqlite.Ledger;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Benchmarks;

/// <summary>
/// Durable appends to the SQLite ledger: <see cref="TransparencyLog.SequenceAsync"/> with batches as the
/// writer's group commit forms them (WAL, <c>synchronous = FULL</c>: one fsync per batch; the entries are
/// durable when the call returns, so their messages may be acknowledged). One operation is one leaf, so
/// leaves/s = 1e9 / mean ns. <see cref="ConsentPercent"/> of the leaves are Consent versions, which also
/// look up and move their patient's consent-chain head in the same transaction.
/// Run: <c>make bench BENCH_ARGS="--filter *LedgerAppendBenchmark*"</c>.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MedianColumn, MaxColumn]
public class LedgerAppendBenchmark
{
    private const int LeavesPerIteration = 20_000;

    private TempDirectory? _directory;
    private SqliteLogStorage? _storage;
    private CheckpointSigner? _signer;
    private TransparencyLog? _log;
    private LedgerBenchmarkLeaves? _leaves;
    private LogEntry[][] _batches = [];

    [Params(100, 1_000, 5_000)]
    public int BatchSize { get; set; }

    [Params(0, 10)]
    public int ConsentPercent { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = new TempDirectory();
        _storage = SqliteLogStorage.Open(new SqliteLogStorageOptions { DatabasePath = _directory.File("ledger.db") });
        _signer = CheckpointSigner.Generate("bench.local/ledger");
        _log = new TransparencyLog(_storage, new TransparencyLogOptions { Origin = "bench.local/ledger", Signers = [_signer] }, TimeProvider.System);
        _leaves = new LedgerBenchmarkLeaves(ConsentPercent / 100.0, patients: 10_000, seed: 7);
    }

    /// <summary>Fresh event ids each iteration (a repeated id would only hit the idempotency check), built outside the timing.</summary>
    [IterationSetup]
    public void NextLeaves() => _batches = _leaves!.Next(LeavesPerIteration).Chunk(BatchSize).ToArray();

    [Benchmark(OperationsPerInvoke = LeavesPerIteration)]
    public async Task<ulong> DurableAppend()
    {
        ulong last = 0;
        foreach (var batch in _batches)
        {
            var placed = await _log!.SequenceAsync(batch, CancellationToken.None);
            last = placed[^1].Index;
        }

        return last;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log?.Dispose();
        _storage?.Dispose();
        _signer?.Dispose();
        _directory?.Dispose();
    }
}
