namespace FhirChainGateway.Fhir.FhirPath.Testing;

/// <summary>
/// One test of a suite in the official FHIRPath test format (<c>tests-fhir-r4.xml</c>). <see cref="Id"/> is unique
/// within the suite even where test names repeat.
/// </summary>
public sealed record FhirPathTestCase
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Group { get; init; }

    public required string Expression { get; init; }

    /// <summary>The input resource file, relative to the suite's input folder; null for tests without input.</summary>
    public string? InputFile { get; init; }

    /// <summary>The kind of error the test expects (<c>syntax</c>, <c>semantic</c>, <c>execution</c>), or null when it expects a result.</summary>
    public string? Invalid { get; init; }

    /// <summary><c>strict</c> for tests that expect compile-time checking of element names and types.</summary>
    public string? Mode { get; init; }

    /// <summary>When true the result is reduced to whether it exists.</summary>
    public bool Predicate { get; init; }

    /// <summary>False when the expected outputs may come in any order.</summary>
    public bool Ordered { get; init; } = true;

    public bool CheckOrderedFunctions { get; init; }

    /// <summary>The FHIRPath version the test belongs to, when it is newer than the suite's (<c>2.1.0</c>).</summary>
    public string? Version { get; init; }

    public IReadOnlyList<FhirPathTestOutput> Outputs { get; init; } = [];

    public override string ToString() => $"{Group}/{Name}: {Expression}";
}
