using BenchmarkDotNet.Attributes;
using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.ElementModel;
using FhirChainGateway.Fhir.Serialization;
using FhirChainGateway.Fhir.Validation;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Benchmarks;

/// <summary>
/// Profile validation against base R4 (gateway defaults: base definitions, the known core profiles in
/// <c>meta.profile</c> and those vital-sign codes require; US Core is not loaded, so its profiles are reported
/// unknown), single-threaded and warm:
/// <list type="bullet">
/// <item><see cref="ValidateSyntheaResources"/>: every resource of the Synthea corpus (both folders, ~45,000),
/// each validated on its own; one operation is one resource, so resources/s = 1 s / Mean. Target: 20,000/s.</item>
/// <item><see cref="ValidateBundleOf10000Entries"/>: one transaction Bundle of 10,000 Synthea entries with
/// urn:uuid references between them, validated as a whole (references resolved through the Bundle). Target: under 2 s.</item>
/// </list>
/// Parsing is outside the measurement. <c>make bench BENCH_ARGS='--filter *ValidationBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private const int LargeBundleEntries = 10_000;

    private ElementNode[] _resources = [];
    private ElementNode _bundle = null!;
    private ProfileValidator _validator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = TestData.PathOf("synthea") ?? throw new InvalidOperationException(TestData.MissingReason);
        var options = DefinitionsLocator.Locate([TestData.RepositoryRoot], Environment.GetEnvironmentVariable);
        var definitions = FhirDefinitions.Load(options);
        _validator = new ProfileValidator(new ValidationResources(definitions, options.DefinitionsDirectory));
        var parser = new FhirJsonParser(definitions);
        var resources = new List<ElementNode>();
        var entries = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            var bundle = parser.Parse(bytes);
            foreach (var entry in bundle.ChildrenNamed("entry"))
            {
                if (entry.FirstChild("resource") is { } resource)
                {
                    // Each resource on its own, as a single write or $validate would see it.
                    resources.Add(resource.Clone());
                }
            }

            if (entries.Count < LargeBundleEntries)
            {
                using var json = System.Text.Json.JsonDocument.Parse(bytes);
                foreach (var entry in json.RootElement.GetProperty("entry").EnumerateArray())
                {
                    if (entries.Count < LargeBundleEntries)
                    {
                        entries.Add(entry.GetRawText());
                    }
                }
            }
        }

        _resources = [.. resources];
        _bundle = new FhirJsonParser(definitions, new FhirJsonParserOptions { MaxBytes = 256L * 1024 * 1024 }).Parse("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + string.Join(',', entries) + "]}");

        // Warm the plans, profiles and expansions once, so the measurement is of steady-state validation.
        foreach (var resource in _resources)
        {
            _validator.Validate(resource);
        }

        _validator.Validate(_bundle);
    }

    /// <summary>Resources of the corpus validated per invocation (the benchmark reports the time of one).</summary>
    public int ResourceCount => _resources.Length;

    [Benchmark(OperationsPerInvoke = 44_743)]
    public int ValidateSyntheaResources()
    {
        var issues = 0;
        var resources = _resources;

        // OperationsPerInvoke must be a constant: the loop runs exactly that many validations over the corpus.
        for (var i = 0; i < 44_743; i++)
        {
            issues += _validator.Validate(resources[i % resources.Length]).Count;
        }

        return issues;
    }

    [Benchmark]
    public int ValidateBundleOf10000Entries() => _validator.Validate(_bundle).Count;
}
