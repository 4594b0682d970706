using BenchmarkDotNet.Running;
using FhirChainGateway.Benchmarks;

// `ingest` and `ledger` are end-to-end load runs against real servers; everything else goes to BenchmarkDotNet.
switch (args.FirstOrDefault())
{
    case "ingest":
        return await IngestBenchmark.RunAsync(args[1..]);
    case "ledger":
        return await LedgerThroughputBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(IngestBenchmark).Assembly).Run(args);
return 0;
