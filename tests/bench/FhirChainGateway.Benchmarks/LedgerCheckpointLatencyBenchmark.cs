using System.Diagnostics;
using System.Globalization;
using FhirChainGateway.Ledger.Checkpoints;
using FhirChainGateway.Ledger.Log;
using FhirChainGateway.LedgerWriter.Hosting;
using FhirChainGateway.LedgerWriter.Messaging;
using FhirChainGateway.Storage.Sqlite.Ledger;
using FhirChainGateway.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FhirChainGateway.Benchmarks;

/// <summary>
/// Checkpoint latency under load: a steady stream of events (open loop, fixed rate) into the writer's real
/// <see cref="GroupCommitSequencer"/> and <see cref="LedgerIntegrationService"/> over a SQLite ledger file;
/// for each event, the time from its durable sequencing (the moment its message could be acknowledged) to
/// the moment a client polling <c>GetCheckpointAsync</c> every millisecond first sees a checkpoint covering it.
/// Also reports the time from submission (which adds the group-commit wait) and the append rate sustained.
/// <c>--preload N</c> first appends and integrates N events, to measure on a grown log (the leaf-hash index
/// and the tiles grow with it).
/// Usage: ledger-latency [--rate 20000] [--seconds 20] [--interval-ms 250] [--consent-percent 10] [--preload 0]
/// </summary>
public static class LedgerCheckpointLatencyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rate = int.Parse(Option(args, "--rate") ?? "20000", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Option(args, "--seconds") ?? "20", CultureInfo.InvariantCulture);
        var interval = TimeSpan.FromMilliseconds(int.Parse(Option(args, "--interval-ms") ?? "250", CultureInfo.InvariantCulture));
        var consentPercent = int.Parse(Option(args, "--consent-percent") ?? "10", CultureInfo.InvariantCulture);
        var preload = int.Parse(Option(args, "--preload") ?? "0", CultureInfo.InvariantCulture);
        var total = rate * seconds;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"offered load: {rate} events/s for {seconds} s ({total} events, {consentPercent}% Consent), checkpoint interval {interval.TotalMilliseconds} ms, SQLite synchronous=FULL, preloaded {preload} events");

        using var data = new TempDirectory();
        using var storage = SqliteLogStorage.Open(new SqliteLogStorageOptions { DatabasePath = data.File("ledger.db") });
        using var signer = CheckpointSigner.Generate("bench.local/ledger");
        using var log = new TransparencyLog(storage, new TransparencyLogOptions { Origin = "bench.local/ledger", Signers = [signer] }, TimeProvider.System);
        var leaves = new LedgerBenchmarkLeaves(consentPercent / 100.0, patients: 10_000, seed: 5);
        for (var loaded = 0; loaded < preload; loaded += 5_000)
        {
            await log.SequenceAsync(leaves.Next(Math.Min(5_000, preload - loaded)), CancellationToken.None);
            await log.IntegrateAsync(CancellationToken.None);
        }

        if (preload > 0)
        {
            await log.PublishCheckpointAsync(CancellationToken.None);
        }

        var signal = new IntegrationSignal();
        using var sequencer = new GroupCommitSequencer(log, signal, maxBatch: 1000);
        using var integration = new LedgerIntegrationService(
            log, signal, Options.Create(new LedgerWriterOptions { CheckpointInterval = interval }), TimeProvider.System, NullLogger<LedgerIntegrationService>.Instance);
        await sequencer.StartAsync(CancellationToken.None);
        await integration.StartAsync(CancellationToken.None);

        // Built before the clock starts: the gateway builds envelopes, the writer only receives their bytes.
        var events = leaves.Next(total);
        var submittedAt = new long[total];
        var sequencedAt = new long[total];
        var indexes = new ulong[total];
        var pending = new Task[total];
        var seen = new List<(ulong TreeSize, long At)>();
        var clock = Stopwatch.StartNew();
        using var stopObserving = new CancellationTokenSource();
        var observer = Task.Run(async () =>
        {
            ulong last = 0;
            while (!stopObserving.IsCancellationRequested)
            {
                var checkpoint = await log.GetCheckpointAsync(CancellationToken.None);
                if (checkpoint is not null && checkpoint.TreeSize > last)
                {
                    last = checkpoint.TreeSize;
                    seen.Add((last, clock.ElapsedTicks));
                }

                await Task.Delay(1);
            }
        });

        async Task TrackAsync(int number, LogEntry entry)
        {
            var placed = await sequencer.SequenceAsync(entry, CancellationToken.None);
            sequencedAt[number] = clock.ElapsedTicks;
            indexes[number] = placed.Index;
        }

        // Open loop: events are due at a fixed rate whatever the writer does; a slow writer shows as latency.
        var issued = 0;
        while (issued < total)
        {
            var due = Math.Min(total, (int)(clock.Elapsed.TotalSeconds * rate));
            for (; issued < due; issued++)
            {
                submittedAt[issued] = clock.ElapsedTicks;
                pending[issued] = TrackAsync(issued, events[issued]);
            }

            await Task.Delay(1);
        }

        var offeredFor = clock.Elapsed;
        await Task.WhenAll(pending);
        var sequencedFor = clock.Elapsed;
        while ((await log.GetCheckpointAsync(CancellationToken.None))?.TreeSize < (ulong)(preload + total))
        {
            await Task.Delay(5);
        }

        await stopObserving.CancelAsync();
        await observer;
        var final = (await log.GetCheckpointAsync(CancellationToken.None))!;
        if (seen.Count == 0 || seen[^1].TreeSize < final.TreeSize)
        {
            seen.Add((final.TreeSize, clock.ElapsedTicks)); // seen now at the latest, which can only overstate latency
        }

        await integration.StopAsync(CancellationToken.None);
        await sequencer.StopAsync(CancellationToken.None);

        var fromSequenced = new double[total];
        var fromSubmitted = new double[total];
        var sizes = seen.Select(s => s.TreeSize).ToArray();
        for (var i = 0; i < total; i++)
        {
            // The first checkpoint seen whose size exceeds the index covers the event.
            var position = Array.BinarySearch(sizes, indexes[i] + 1);
            var covered = seen[position >= 0 ? position : ~position].At;
            fromSequenced[i] = Math.Max(0, covered - sequencedAt[i]) * 1000.0 / Stopwatch.Frequency;
            fromSubmitted[i] = Math.Max(0, covered - submittedAt[i]) * 1000.0 / Stopwatch.Frequency;
        }

        Console.WriteLine($"sequenced {total} events in {sequencedFor.TotalSeconds:F1} s (offered over {offeredFor.TotalSeconds:F1} s) -> {total / sequencedFor.TotalSeconds:F0} events/s durable; {seen.Count} checkpoints seen");
        Console.WriteLine($"sequenced -> covered by a visible checkpoint: {Percentiles(fromSequenced)}");
        Console.WriteLine($"submitted -> covered by a visible checkpoint: {Percentiles(fromSubmitted)}");
        return 0;
    }

    private static string Percentiles(double[] milliseconds)
    {
        Array.Sort(milliseconds);
        double At(double p) => milliseconds[Math.Min(milliseconds.Length - 1, (int)Math.Ceiling(p * milliseconds.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.50):F0} ms, p95 {At(0.95):F0} ms, p99 {At(0.99):F0} ms, max {milliseconds[^1]:F0} ms");
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
