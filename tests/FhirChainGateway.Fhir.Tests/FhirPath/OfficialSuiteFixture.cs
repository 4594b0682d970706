using FhirChainGateway.Fhir.Definitions;
using FhirChainGateway.Fhir.FhirPath.Testing;
using FhirChainGateway.TestSupport;

namespace FhirChainGateway.Fhir.Tests.FhirPath;

/// <summary>Runs the official FHIRPath R4 suite once for all the tests that inspect its results.</summary>
public sealed class OfficialSuiteFixture
{
    private readonly Lazy<IReadOnlyDictionary<string, FhirPathTestResult>> _results;

    public OfficialSuiteFixture()
    {
        _results = new Lazy<IReadOnlyDictionary<string, FhirPathTestResult>>(Run);
    }

    public static string? SuitePath => TestData.PathOf("fhir-test-cases", "r4", "fhirpath", "tests-fhir-r4.xml");

    public IReadOnlyDictionary<string, FhirPathTestResult> Results => _results.Value;

    /// <summary>The known failures (test id to reason) from fhirpath-known-failures.txt.</summary>
    public IReadOnlyDictionary<string, string> KnownFailures { get; } = FhirPath.KnownFailures.Load();

    /// <summary>The test ids, for data-driven tests; empty when the test data is absent.</summary>
    public static IEnumerable<object[]> TestIds() =>
        SuitePath is { } path && File.Exists(path)
            ? FhirPathTestSuite.Load(path).Cases.Select(c => new object[] { c.Id })
            : [];

    private static IReadOnlyDictionary<string, FhirPathTestResult> Run()
    {
        var definitions = FhirDefinitions.Load(DefinitionsLocator.Locate([TestData.RepositoryRoot], Environment.GetEnvironmentVariable));
        var path = SuitePath ?? throw new InvalidOperationException(TestData.MissingReason);
        // A fixed clock keeps today()/now() tests reproducible; the suite only needs a date after 1974.
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 9, 30, 0, TimeSpan.FromHours(1)));
        var results = FhirPathTestSuiteRunner.RunFile(path, definitions, clock);
        return results.ToDictionary(r => r.Case.Id, StringComparer.Ordinal);
    }
}
