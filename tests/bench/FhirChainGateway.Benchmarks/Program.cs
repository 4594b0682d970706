using BenchmarkDotNet.Running;
using FhirChainGateway.Benchmarks;

// `ingest`, `ledger` and `ledger-latency` are timed load runs on real components; everything else goes to BenchmarkDotNet.
switch (args.FirstOrDefault())
{
    case "ingest":
        return await IngestBenchmark.RunAsync(args[1..]);
    case "ledger":
        return await LedgerThroughputBenchmark.RunAsync(args[1..]);
    case "ledger-latency":
        return await LedgerCheckpointLatencyBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(IngestBenchmark).Assembly).Run(args);
return 0;
