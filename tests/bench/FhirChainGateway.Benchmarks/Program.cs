using BenchmarkDotNet.Running;
using FhirChainGateway.Benchmarks;

// `ingest` is an end-to-end load run against a real server; everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "ingest")
{
    return await IngestBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(IngestBenchmark).Assembly).Run(args);
return 0;
